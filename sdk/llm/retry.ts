import { HyperagentsError } from "../errors.js";
import { abortError, sleep } from "./abort.js";
import { type ChatMiddleware, wrapModel } from "./middleware.js";
import type { ChatModel, ChatResponse } from "./types.js";

export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** First backoff ceiling; doubles per retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap on one wait, also on a server's Retry-After (a longer one fails at once). Default 60 s. */
  maxDelayMs?: number;
  /** Called before each wait (logging, metrics). */
  onRetry?: (info: { attempt: number; delayMs: number; error: HyperagentsError }) => void;
  /** Injectable for tests. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Retries retryable failures (429, 408, 409, 5xx, timeouts, dropped connections) with
 * exponential backoff and full jitter, waiting at least what the server's Retry-After asks.
 * Non-retryable errors (400, 401, bad output, aborts) fail at once. The provider clients'
 * own retries are off and `createModel` applies this with 2 retries; wrap a model from
 * `createModel(spec, { maxRetries: 0 })` when you want your own policy, so nothing retries twice.
 */
export function withRetry(model: ChatModel, options: RetryOptions = {}): ChatModel {
  return wrapModel({ model, middleware: retryMiddleware(options) });
}

/** `withRetry` as a middleware value for `wrapModel`'s list. */
export function retryMiddleware(options: RetryOptions = {}): ChatMiddleware {
  const maxRetries = options.maxRetries ?? 4;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 60_000;
  const random = options.random ?? Math.random;
  return {
    name: "retry",
    async wrapGenerate({ request, model, doGenerate }): Promise<ChatResponse> {
      const wait = options.sleep ?? ((ms: number, signal?: AbortSignal) => sleep(ms, signal, model.id));
      for (let attempt = 0; ; attempt++) {
        if (isAborted(request.signal)) throw abortError(model.id);
        try {
          return await doGenerate();
        } catch (error) {
          if (!HyperagentsError.is(error) || !error.isRetryable || attempt >= maxRetries) throw error;
          if (isAborted(request.signal)) throw abortError(model.id);
          const retryAfter = (error as { retryAfterMs?: unknown }).retryAfterMs;
          const jitter = random() * Math.min(cap, base * 2 ** attempt);
          if (typeof retryAfter === "number" && retryAfter > cap) throw error;
          const delayMs = typeof retryAfter === "number" ? Math.max(retryAfter, jitter) : jitter;
          options.onRetry?.({ attempt: attempt + 1, delayMs, error });
          await wait(delayMs, request.signal);
        }
      }
    },
  };
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
