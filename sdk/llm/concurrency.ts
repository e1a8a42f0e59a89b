import { createLimiter as createSlots, type Limiter } from "../internal/limiter.js";
import { abortError } from "./abort.js";
import { type ChatMiddleware, wrapModel } from "./middleware.js";
import type { ChatModel, ChatResponse } from "./types.js";

export type { Limiter };

/** A FIFO semaphore that several models (or anything else) can share; an aborted wait is a ProviderError. */
export function createLimiter(limit: number): Limiter {
  return createSlots(limit, () => abortError("limiter"));
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
