/**
 * A promise-chain mutex: operations on shared repository state (worktree add/remove/prune, ref
 * creation) run one at a time inside this process, so git's lock files never collide.
 */
export interface Mutex {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const result = tail.then(fn, fn);
      // The next waiter starts after this one settles, whatever the outcome.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
