import { ProviderError } from "./errors.js";

/** The error a middleware throws when the caller's signal aborted the call. */
export function abortError(id: string): ProviderError {
  return new ProviderError(`${id}: request was aborted`, { provider: id, kind: "user", code: "aborted" });
}

/** Waits `ms`, rejecting early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal, id = "model"): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(abortError(id));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(id));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
