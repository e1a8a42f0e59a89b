/** A FIFO semaphore shared by model calls, sandbox runs and game play alike. */

export interface Limiter {
  readonly limit: number;
  /** Calls running now. */
  readonly active: number;
  /** Calls waiting for a slot. */
  readonly pending: number;
  /** Runs `task` when a slot is free; an aborted `signal` drops it from the queue. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** A FIFO semaphore that several models (or anything else) can share. */
export function createLimiter(
  limit: number,
  /** The error a queued task rejects with when its signal aborts. */
  abortError: () => Error = () => new Error("aborted while waiting for a slot"),
): Limiter {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  let active = 0;
  const queue: Array<{ start: () => void }> = [];
  const next = () => {
    const waiter = queue.shift();
    if (waiter !== undefined) waiter.start();
  };
  return {
    limit,
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      const execute = async (): Promise<T> => {
        active++;
        try {
          return await task();
        } finally {
          active--;
          next();
        }
      };
      if (active < limit && queue.length === 0) return execute();
      if (signal?.aborted === true) return Promise.reject(abortError());
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(abortError());
        };
        const waiter = {
          start: () => {
            signal?.removeEventListener("abort", onAbort);
            execute().then(resolve, reject);
          },
        };
        queue.push(waiter);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
