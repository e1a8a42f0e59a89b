import { abortError } from "./abort.js";
import { type ChatMiddleware, wrapModel } from "./middleware.js";
import type { ChatModel, ChatResponse } from "./types.js";

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
export function createLimiter(limit: number): Limiter {
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
      if (signal?.aborted === true) return Promise.reject(abortError("limiter"));
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(abortError("limiter"));
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

/** At most `limit` calls in flight; pass a shared Limiter to bound several models together. */
export function withConcurrency(model: ChatModel, limit: number | Limiter): ChatModel {
  return wrapModel({ model, middleware: concurrencyMiddleware(limit) });
}

/** `withConcurrency` as a middleware value; a number makes a limiter of its own. */
export function concurrencyMiddleware(limit: number | Limiter): ChatMiddleware {
  const limiter = typeof limit === "number" ? createLimiter(limit) : limit;
  return {
    name: "concurrency",
    wrapGenerate: ({ request, doGenerate }): Promise<ChatResponse> =>
      limiter.run(() => doGenerate(), request.signal),
  };
}
