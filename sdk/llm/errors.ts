import { inspect } from "node:util";
import { HyperagentsError, type HyperagentsErrorOptions, UserError } from "../errors.js";

/** What went wrong with a provider call, coarser than the HTTP status and stable across providers. */
export type ProviderErrorCode =
  | "bad_request"
  | "auth"
  | "not_found"
  | "rate_limit"
  | "conflict"
  | "server"
  | "timeout"
  | "connection"
  | "aborted"
  | "unknown";

export interface ProviderErrorOptions extends HyperagentsErrorOptions {
  kind: "user" | "system";
  code: ProviderErrorCode;
  provider: string;
  statusCode?: number;
  requestId?: string;
  retryAfterMs?: number;
}

/** A provider call failed. `kind` says whose fault it is, `isRetryable` whether to try again. */
export class ProviderError extends HyperagentsError {
  readonly code: ProviderErrorCode;
  readonly provider: string;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ProviderErrorOptions) {
    super(options.kind, message, options);
    this.code = options.code;
    this.provider = options.provider;
    this.statusCode = options.statusCode;
    this.requestId = options.requestId;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Replay mode met a request that was never recorded: the run cannot go on from the cache. */
export class ReplayMissError extends UserError {}

/**
 * Whether a failed model call must stop a whole run rather than fail one agent: the run's own
 * configuration is wrong (the key is refused, a replay met an unrecorded request), so every
 * later call would fail the same way and each failure would be blamed on a program.
 */
export function stopsRun(error: unknown): boolean {
  if (ReplayMissError.isInstance(error)) return true;
  return ProviderError.isInstance(error) && error.code === "auth";
}

/** A call would start after the budget was spent. Not retryable: raise the cap or stop. */
export class BudgetExceededError extends HyperagentsError {
  readonly spentUsd: number;
  readonly spentTokens: number;
  constructor(message: string, spent: { usd: number; tokens: number }) {
    super("user", message);
    this.spentUsd = spent.usd;
    this.spentTokens = spent.tokens;
  }
}

export interface ProviderContext {
  /** "openai", "anthropic", "langchain": used in messages. */
  provider: string;
  /** The variable that holds the key, named in 401/403 messages. */
  keyEnvVar?: string;
  /** Values that must never appear in a message (the API key). */
  secrets?: readonly string[];
}

// Bearer tokens and provider keys that a server may echo back in an error body.
const KEY_PATTERN = /\b(sk-(?:ant-|proj-)?[A-Za-z0-9_-]{8,})/g;
// The masked keys providers echo ("sk-proj-****abcd", "sk-abc1...wxyz", "****wxyz").
const MASKED_KEY_PATTERN =
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]*?(?:\*{2,}|\.{3}|\u2026)[A-Za-z0-9_-]*|[A-Za-z0-9_-]*\*{4,}[A-Za-z0-9_-]*/g;
// Public key prefixes: not secret, and "proj" or "api03" must not count as fragments of a key.
const KEY_PREFIX = /^(?:sk-ant-(?:[a-z]+\d+-)?|sk-proj-|sk-svcacct-|sk-admin-|sk-)/;
/** The shortest run of a key's characters that counts as a fragment of it. */
export const KEY_FRAGMENT_CHARS = 4;
const WORD_PATTERN = new RegExp(`[A-Za-z0-9_-]{${KEY_FRAGMENT_CHARS},}`, "g");

/**
 * Removes API keys from a text: the known keys, any word holding a run of at least
 * KEY_FRAGMENT_CHARS characters of one (a provider echoing "…abcd" of a rejected key), the
 * masked forms providers print, and anything shaped like a key.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const fragments = new Set<string>();
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("[redacted]");
    for (const fragment of keyFragments(secret)) fragments.add(fragment);
  }
  out = out.replace(MASKED_KEY_PATTERN, "[redacted]").replace(KEY_PATTERN, "[redacted]");
  if (fragments.size === 0) return out;
  return out.replace(WORD_PATTERN, (word) => (holdsFragment(word, fragments) ? "[redacted]" : word));
}

/**
 * The runs of a key that must not appear anywhere. Only for key-shaped secrets (letters and
 * digits, 12+ characters after the public prefix): a placeholder such as "no-key" would
 * otherwise redact ordinary words.
 */
function keyFragments(secret: string): string[] {
  const core = secret.replace(KEY_PREFIX, "");
  if (core.length < 12 || !/[0-9]/.test(core) || !/[A-Za-z]/.test(core)) return [];
  const out: string[] = [];
  for (let i = 0; i + KEY_FRAGMENT_CHARS <= core.length; i++) out.push(core.slice(i, i + KEY_FRAGMENT_CHARS));
  return out;
}

function holdsFragment(word: string, fragments: ReadonlySet<string>): boolean {
  for (let i = 0; i + KEY_FRAGMENT_CHARS <= word.length; i++) {
    if (fragments.has(word.slice(i, i + KEY_FRAGMENT_CHARS))) return true;
  }
  return false;
}

/**
 * The one place where provider SDK errors (OpenAI, Anthropic, and LangChain's wrappers of them)
 * become ours. Duck-typed on `status`, `headers` and the error's name so that it works across
 * SDK versions and duplicated package copies.
 */
export function toProviderError(error: unknown, context: ProviderContext): HyperagentsError {
  if (HyperagentsError.is(error)) return error;
  const secrets = context.secrets ?? [];
  const provider = context.provider;
  const err = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const name = errorName(error);
  const rawMessage = redactSecrets(
    typeof err.message === "string" && err.message !== "" ? err.message : String(error),
    secrets,
  );
  const cause = scrubCause(error, secrets);
  const status = typeof err.status === "number" ? err.status : undefined;
  const requestId = readRequestId(err);
  const base = { provider, cause, ...(requestId === undefined ? {} : { requestId }) };
  const suffix = requestId === undefined ? "" : ` (request id ${requestId})`;

  if (name === "APIUserAbortError" || name === "AbortError") {
    return new ProviderError(`${provider} request was aborted`, { ...base, kind: "user", code: "aborted" });
  }
  if (name === "APIConnectionTimeoutError" || name === "TimeoutError") {
    return new ProviderError(`${provider} request timed out: ${rawMessage}`, {
      ...base,
      kind: "system",
      code: "timeout",
      retryable: true,
    });
  }
  if (status === undefined) {
    if (name === "APIConnectionError" || isConnectionFailure(error)) {
      return new ProviderError(`could not reach ${provider}: ${rawMessage}`, {
        ...base,
        kind: "system",
        code: "connection",
        retryable: true,
      });
    }
    return new ProviderError(`${provider} call failed: ${rawMessage}`, {
      ...base,
      kind: "system",
      code: "unknown",
    });
  }

  const withStatus = { ...base, statusCode: status };
  if (status === 401 || status === 403) {
    const envHint = context.keyEnvVar === undefined ? "the API key" : `${context.keyEnvVar}`;
    const what = status === 401 ? "rejected the API key" : "refused access with this API key";
    return new ProviderError(
      `${provider} ${what} (HTTP ${status}): ${rawMessage}. Check ${envHint} (or the apiKey option) and that the key may use this model${suffix}.`,
      { ...withStatus, kind: "user", code: "auth" },
    );
  }
  const retryAfterMs = readRetryAfterMs(err.headers);
  const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
  if (retryable) {
    const code: ProviderErrorCode =
      status === 429 ? "rate_limit" : status === 408 ? "timeout" : status === 409 ? "conflict" : "server";
    return new ProviderError(`${provider} returned HTTP ${status}: ${rawMessage}${suffix}`, {
      ...withStatus,
      kind: "system",
      code,
      retryable: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  const code: ProviderErrorCode = status === 404 ? "not_found" : "bad_request";
  const hint =
    status === 404
      ? " Check the model name and the base URL."
      : " Check the request (model, messages, tools).";
  return new ProviderError(
    `${provider} rejected the request (HTTP ${status}): ${rawMessage}.${hint}${suffix}`,
    {
      ...withStatus,
      kind: "user",
      code,
    },
  );
}

function errorName(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
  const own = (error as { name?: unknown }).name;
  // SDK subclasses set `name` inconsistently; the constructor name is the reliable one.
  if (typeof ctor === "string" && ctor.startsWith("API")) return ctor;
  return typeof own === "string" ? own : typeof ctor === "string" ? ctor : "";
}

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.cause?.code;
  const own = (error as { code?: unknown } | null)?.code;
  const codes = [
    "ECONNRESET",
    "ECONNREFUSED",
    "ETIMEDOUT",
    "EPIPE",
    "UND_ERR_SOCKET",
    "ENOTFOUND",
    "EAI_AGAIN",
  ];
  return codes.includes(String(code)) || codes.includes(String(own));
}

function readRequestId(err: Record<string, unknown>): string | undefined {
  for (const key of ["requestID", "request_id", "requestId"]) {
    const value = err[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return headerValue(err.headers, "x-request-id") ?? headerValue(err.headers, "request-id");
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== "object") return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

/** `retry-after-ms` (OpenAI, Anthropic) wins over `retry-after` (seconds or an HTTP date). */
export function readRetryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const ms = headerValue(headers, "retry-after-ms");
  if (ms !== undefined && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const after = headerValue(headers, "retry-after");
  if (after === undefined) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The SDK error as our error's `cause`, unless it carries a key anywhere (message, stack, the
 * response body it keeps): then a plain stand-in with the redacted message, so that logging our
 * error with its cause (console.error, util.inspect) cannot print the key.
 */
function scrubCause(error: unknown, secrets: readonly string[]): unknown {
  const shown = inspect(error, { depth: 4 });
  if (redactSecrets(shown, secrets) === shown) return error;
  const message = error instanceof Error ? error.message : String(error);
  const standIn = new Error(redactSecrets(message, secrets));
  standIn.name = errorName(error) || "Error";
  standIn.stack = `${standIn.name}: ${standIn.message}\n    (stack of the original error removed: it held a secret)`;
  return standIn;
}
