/**
 * Orders the children of one generation at the duplicate check: child k commits after child
 * k − 1, so which of two identical children counts as the duplicate never depends on timing.
 */
export interface CommitTurn {
  /** Resolves when the previous child has committed (or given up). */
  wait: Promise<void>;
  /** Lets the next child commit; safe to call more than once. */
  done: () => void;
}

export function commitTurns(count: number): CommitTurn[] {
  const turns: CommitTurn[] = [];
  let previous: Promise<void> = Promise.resolve();
  for (let i = 0; i < count; i++) {
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    turns.push({ wait: previous, done });
    previous = mine;
  }
  return turns;
}
