/**
 * When a run stops, as a list of small predicates checked before each generation (the AI SDK's
 * `stopWhen`). The run's own generations, budget and signal are conditions like any other; users
 * add theirs with `evolve({ stopWhen: [...] })`, and the first that answers ends the run.
 */

/** What a stop condition sees before each generation. */
export interface RunProgress {
  /** The generation about to start. */
  nextGeneration: number;
  /** Dollars spent by the run so far. */
  costUsd: number;
  archiveSize: number;
  /** The best selection score so far (null before any valid node). */
  bestScore: number | null;
}

/** Why a run ended: its generations ran out, its budget, a signal, or a user's condition. */
export type StopReason = "done" | "budget" | "aborted" | "condition";

export interface Stop {
  reason: StopReason;
  /** One line for people: which condition fired, and why. */
  message: string;
}

/** Answers a Stop when the run should end before `nextGeneration`, else undefined. */
export type StopCondition = (progress: RunProgress) => Stop | undefined;

/** Stop once `generations` generations are done. */
export function maxGenerations(generations: number): StopCondition {
  return (progress) =>
    progress.nextGeneration > generations
      ? { reason: "done", message: `all ${generations} generations are done` }
      : undefined;
}

/** Stop once the run has spent `usd` dollars. */
export function budgetSpent(usd: number): StopCondition {
  return (progress) =>
    progress.costUsd >= usd
      ? { reason: "budget", message: `the budget of $${usd} is spent ($${progress.costUsd.toFixed(4)})` }
      : undefined;
}

/** Stop when the signal fires (Ctrl-C in the command line). */
export function aborted(signal: AbortSignal): StopCondition {
  return () => (signal.aborted ? { reason: "aborted", message: "the run was stopped" } : undefined);
}

/** Stop once the best selection score reaches `score`. */
export function scoreReached(score: number): StopCondition {
  return (progress) =>
    progress.bestScore !== null && progress.bestScore >= score
      ? { reason: "condition", message: `the best score ${progress.bestScore} reached ${score}` }
      : undefined;
}

/** The first condition that answers, in order. */
export function firstStop(conditions: readonly StopCondition[], progress: RunProgress): Stop | undefined {
  for (const condition of conditions) {
    const stop = condition(progress);
    if (stop) return stop;
  }
  return undefined;
}
