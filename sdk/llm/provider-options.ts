import type { PriceTable } from "./prices.js";

/** Options every provider factory takes. Unset values fall back to environment variables. */
export interface ProviderOptions {
  /** The model name, e.g. "gpt-4o-mini" or "claude-sonnet-4-5". */
  model: string;
  apiKey?: string;
  baseURL?: string;
  /** Injected into the official client (tests, proxies, instrumentation). */
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout; default 10 minutes. */
  timeoutMs?: number;
  /** Price overrides for `costUsd`. */
  prices?: PriceTable;
  /** Extra HTTP headers sent with every request. */
  headers?: Record<string, string>;
  /** Environment to read keys and base URLs from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
