/**
 * A damaged run store is the user's to recover, not a bug: name the file, what is wrong, and
 * what can still be read (`export` reads programs from program.git without run.sqlite).
 */
import { dirname } from "node:path";
import { SystemError, UserError } from "../errors.js";

/** SQLite's codes for a file that is not (or no longer) a whole database. */
const DAMAGE_CODES = new Set([
  "SQLITE_CORRUPT",
  "SQLITE_NOTADB",
  "SQLITE_CORRUPT_VTAB",
  "SQLITE_CORRUPT_INDEX",
]);

export function isDamageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && DAMAGE_CODES.has(code);
}

export class DamagedStoreError extends UserError {
  constructor(
    readonly file: string,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    const runDir = dirname(file);
    super(
      `${file} is damaged (${detail}): this run cannot be continued or reported. ` +
        `Its programs are still readable from program.git: list them with \`git --git-dir ${runDir}/program.git for-each-ref refs/archive\`, ` +
        `copy one out with \`hyperagents export ${runDir} NODE_ID --out DIR\`, and start a new run from it with --agent DIR`,
      options,
    );
  }
}

/** SQLite's codes for a file system that refuses (read-only, full, failing): not damage, not a bug. */
const IO_CODE = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|PERM)/;

/** The run store could not be read or written; `path` names the file (the CLI prints it). */
export class StoreIoError extends SystemError {
  constructor(
    readonly path: string,
    readonly code: string,
    cause: unknown,
  ) {
    super(`the run store ${path} could not be read or written (${code}: ${(cause as Error).message})`, {
      cause,
    });
  }
}

/** Rethrows SQLite's damage errors as DamagedStoreError naming `file`, I/O ones as StoreIoError; anything else unchanged. */
export function rethrowDamage(file: string, error: unknown): never {
  if (isDamageError(error)) {
    throw new DamagedStoreError(file, (error as Error).message, { cause: error });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && IO_CODE.test(code)) throw new StoreIoError(file, code, error);
  throw error;
}

/** Wraps every method of `target` so a damage error met later (a read of a torn page) names the file. */
export function guardDamage<T extends object>(file: string, target: T): T {
  const guarded = {} as Record<string, unknown>;
  for (const [key, value] of Object.entries(target)) {
    guarded[key] =
      typeof value === "function"
        ? (...args: unknown[]) => {
            try {
              return (value as (...a: unknown[]) => unknown)(...args);
            } catch (error) {
              rethrowDamage(file, error);
            }
          }
        : value;
  }
  return guarded as T;
}
