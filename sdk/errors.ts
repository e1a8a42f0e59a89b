/**
 * One root error class, three kinds by who is to blame:
 * - "user":   bad configuration or input; the message says how to fix it.
 * - "system": a bug or an I/O failure on our side or the provider's.
 * - "model":  the model produced output we cannot use (malformed JSON, bad tool call).
 *
 * `instanceof` breaks across duplicated copies of a package, so callers test with
 * `HyperagentsError.is(err)` (any of ours) or `SomeError.isInstance(err)` (that class or a
 * subclass), which look for `Symbol.for` markers instead: every error carries the names of its
 * class chain, and class names are unique across the package.
 */
const MARKER = Symbol.for("hyperagents.error");
const CLASSES = Symbol.for("hyperagents.error.classes");

/** A class as far as its name and parent go. */
type ClassLike = { readonly name: string };

function classChain(errorClass: ClassLike): readonly string[] {
  const names: string[] = [];
  let current: ClassLike | null = errorClass;
  while (current && current !== Error && current !== Function.prototype) {
    names.push(current.name);
    current = Object.getPrototypeOf(current) as ClassLike | null;
  }
  return Object.freeze(names);
}

export type ErrorKind = "user" | "system" | "model";

export interface HyperagentsErrorOptions {
  cause?: unknown;
  /** Whether the same call may succeed if tried again (429, 5xx, timeouts). */
  retryable?: boolean;
}

export class HyperagentsError extends Error {
  readonly [MARKER] = true;
  readonly [CLASSES]: readonly string[];
  readonly kind: ErrorKind;
  readonly isRetryable: boolean;

  constructor(kind: ErrorKind, message: string, options: HyperagentsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this[CLASSES] = classChain(new.target);
    this.kind = kind;
    this.isRetryable = options.retryable ?? false;
  }

  static is(value: unknown): value is HyperagentsError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /** `value` is an instance of this class (or a subclass), from any copy of the package. */
  static isInstance<T extends abstract new (...args: never[]) => HyperagentsError>(
    this: T,
    value: unknown,
  ): value is InstanceType<T> {
    if (!HyperagentsError.is(value)) return false;
    const classes = (value as unknown as Record<symbol, unknown>)[CLASSES];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the test was called on.
    return Array.isArray(classes) && classes.includes(this.name);
  }
}

/** The caller's configuration or input is wrong; the message names the fix. */
export class UserError extends HyperagentsError {
  constructor(message: string, options: HyperagentsErrorOptions = {}) {
    super("user", message, options);
  }
}

/** A bug or an I/O failure: not the user's fault, not the model's. */
export class SystemError extends HyperagentsError {
  constructor(message: string, options: HyperagentsErrorOptions = {}) {
    super("system", message, options);
  }
}

/** The model's output could not be used. `raw` keeps what it said. */
export class ModelOutputError extends HyperagentsError {
  readonly raw: string;
  constructor(message: string, raw: string, options: HyperagentsErrorOptions = {}) {
    super("model", message, options);
    this.raw = raw;
  }
}
