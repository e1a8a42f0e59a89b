/**
 * How a failure that reaches the command line is printed, and with which exit code: the user's
 * errors exit 2 with their one-line fix; I/O faults (full disk, read-only or unreadable files)
 * exit 1 with one line naming the path and the errno; anything else is a bug, with its stack.
 */
import { HyperagentsError } from "../errors.js";
import { terminalText } from "./terminal-text.js";

const ERRNO: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  EIO: "input/output error",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
};

/** SQLite's result codes for the same faults (better-sqlite3 reports no path or errno). */
const SQLITE: Array<[RegExp, string]> = [
  [/^SQLITE_FULL/, "ENOSPC"],
  [/^SQLITE_READONLY/, "EROFS"],
  [/^SQLITE_PERM|^SQLITE_AUTH/, "EACCES"],
  [/^SQLITE_IOERR|^SQLITE_CANTOPEN/, "EIO"],
];

/** Git and other tools say it in words. */
const WORDS: Array<[RegExp, string]> = [
  [/No space left on device/i, "ENOSPC"],
  [/Read-only file system/i, "EROFS"],
  [/Permission denied|insufficient permission/i, "EACCES"],
  [/Input\/output error/i, "EIO"],
];

export interface IoFault {
  code: string;
  path: string | undefined;
  syscall: string | undefined;
}

function causes(error: unknown): unknown[] {
  const out: unknown[] = [];
  let current = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    out.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

/** The I/O fault behind `error` (itself or any cause), or undefined when it is not one. */
export function ioFault(error: unknown): IoFault | undefined {
  let path: string | undefined;
  for (const item of causes(error)) {
    const record = item as {
      code?: unknown;
      path?: unknown;
      dest?: unknown;
      syscall?: unknown;
      message?: unknown;
    };
    if (typeof record.path === "string") path ??= record.path;
    const code = typeof record.code === "string" ? record.code : undefined;
    const syscall = typeof record.syscall === "string" ? record.syscall : undefined;
    if (code && code in ERRNO) return { code, path: path ?? stringOr(record.path), syscall };
    const sqlite = code ? SQLITE.find(([pattern]) => pattern.test(code)) : undefined;
    if (sqlite) return { code: sqlite[1], path: path ?? quotedPath(String(record.message ?? "")), syscall };
    const message = typeof record.message === "string" ? record.message : "";
    const worded = WORDS.find(([pattern]) => pattern.test(message));
    if (worded) return { code: worded[1], path: path ?? quotedPath(message), syscall };
  }
  return undefined;
}

const stringOr = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The first absolute path a tool quoted in its message ('…' or "…"). */
function quotedPath(message: string): string | undefined {
  return /['"](\/[^'"\n]+)['"]/.exec(message)?.[1];
}

const HINT: Record<string, string> = {
  ENOSPC: "free some space there, then --resume",
  EDQUOT: "free some space there, then --resume",
  EACCES: "check who owns it and its permissions",
  EPERM: "check who owns it and its permissions",
  EROFS: "use a writable folder (--out), or copy the run there",
  EIO: "the disk or file system reported an error: check it",
  EMFILE: "raise the open-file limit (ulimit -n) or lower --parallel",
  ENFILE: "raise the open-file limit (ulimit -n) or lower --parallel",
};

/** Prints `error` as the CLI does and returns the exit code. */
export function reportFailure(error: unknown, stderr: (text: string) => void, debug: boolean): number {
  const stack = (value: unknown) => (value instanceof Error ? (value.stack ?? value.message) : String(value));
  if (HyperagentsError.is(error) && error.kind === "user") {
    stderr(`hyperagents: ${terminalText(error.message)}\n`);
    if (debug) stderr(`${stack(error)}\n`);
    return 2;
  }
  const fault = ioFault(error);
  if (fault) {
    const what = fault.syscall ? `${fault.syscall} failed` : "I/O failed";
    const where = fault.path ? ` on ${fault.path}` : "";
    stderr(
      `hyperagents: ${what}${where}: ${fault.code} (${ERRNO[fault.code] ?? "I/O error"}): ${HINT[fault.code] ?? "check the folder"}` +
        `${debug ? "" : " (HYPERAGENTS_DEBUG=1 or --debug prints the stack)"}\n`,
    );
    if (debug) stderr(`${stack(error)}\n`);
    return 1;
  }
  if (HyperagentsError.is(error)) {
    stderr(`hyperagents: ${terminalText(error.message)}\n`);
    if (debug) stderr(`${stack(error)}\n`);
    return 1;
  }
  stderr(`hyperagents: unexpected failure (a bug; please report it):\n${terminalText(stack(error))}\n`);
  return 1;
}
