/**
 * A thin git runner over child_process. The store needs three things simple-git does not give
 * cheaply: stdin for plumbing (`cat-file --batch`, `commit-tree`), raw Buffers (blob sizes are in
 * bytes), and no idle wait: simple-git 4 waits 50 ms after any command that prints nothing
 * (`update-ref`, `add`, `read-tree`), ~6x the cost of the command itself (bench/program-store.ts).
 */
import { spawn } from "node:child_process";
import { devNull } from "node:os";
import { SystemError } from "../errors.js";

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export interface GitRunOptions {
  /** Working directory (a worktree); the git dir is then found through its `.git` file. */
  cwd?: string;
  /** Extra environment (GIT_INDEX_FILE, GIT_AUTHOR_*, …) on top of the clean base. */
  env?: Record<string, string>;
  /** Written to stdin, then stdin is closed. */
  input?: string | Buffer;
  /** Exit codes that are answers, not failures (e.g. 1 for `rev-parse --verify -q`). */
  okCodes?: readonly number[];
  /** Pass `--git-dir`; default: only when no `cwd` is given. */
  withGitDir?: boolean;
}

export type Git = (args: readonly string[], options?: GitRunOptions) => Promise<GitResult>;

/**
 * Settings passed with `-c` on every call, so no user or system configuration changes what a
 * commit contains or runs: no hooks, no signing, no line-ending conversion, no auto gc in the
 * middle of a run, no global excludes or attributes.
 */
const CONFIG: readonly string[] = [
  "core.autocrlf=false",
  "core.safecrlf=false",
  "core.symlinks=true",
  "core.quotePath=false",
  "core.fsmonitor=false",
  `core.hooksPath=${devNull}`,
  `core.excludesFile=${devNull}`,
  `core.attributesFile=${devNull}`,
  "commit.gpgsign=false",
  "gc.auto=0",
  "maintenance.auto=false",
  "color.ui=false",
  "advice.detachedHead=false",
];

/** The inherited environment without any GIT_* variable (a surrounding hook may set GIT_DIR). */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.toUpperCase().startsWith("GIT_")) env[key] = value;
  }
  env.GIT_CONFIG_NOSYSTEM = "1";
  env.GIT_CONFIG_GLOBAL = devNull;
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_OPTIONAL_LOCKS = "0";
  // English, stable messages: callers match a few of them.
  env.LC_ALL = "C";
  return env;
}

/** A runner bound to one repository; `gitDir` is used unless the call runs inside a worktree. */
export function createGit(gitDir: string): Git {
  const env = baseEnv();
  const prefix = CONFIG.flatMap((setting) => ["-c", setting]);
  return (args, options = {}) => {
    const withGitDir = options.withGitDir ?? options.cwd === undefined;
    const fullArgs = withGitDir ? [...prefix, `--git-dir=${gitDir}`, ...args] : [...prefix, ...args];
    return runGit(fullArgs, options.env === undefined ? env : { ...env, ...options.env }, options);
  };
}

function runGit(args: string[], env: Record<string, string>, options: GitRunOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: options.cwd,
      env,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => {
      reject(
        new SystemError(`could not run git (is git installed and on PATH?): ${error.message}`, {
          cause: error,
        }),
      );
    });
    child.on("close", (code) => {
      const result: GitResult = {
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8"),
        code: code ?? -1,
      };
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) resolve(result);
      else reject(new GitCommandError(args, result));
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on("error", () => {
        // EPIPE when git exits early; the exit code reports the real failure.
      });
      child.stdin.end(options.input);
    }
  });
}

/** A git command exited non-zero; keeps the command and stderr for the message. */
export class GitCommandError extends SystemError {
  readonly stderr: string;
  readonly code: number;
  constructor(args: readonly string[], result: GitResult) {
    const shown = args.filter((arg, i) => arg !== "-c" && args[i - 1] !== "-c").join(" ");
    super(`git ${shown} failed (exit ${result.code}): ${result.stderr.trim().slice(0, 2000)}`);
    this.stderr = result.stderr;
    this.code = result.code;
  }
}

/** Splits NUL-terminated output (`-z`) into its fields. */
export function splitZ(output: Buffer | string): string[] {
  const text = typeof output === "string" ? output : output.toString("utf8");
  const parts = text.split("\0");
  if (parts.at(-1) === "") parts.pop();
  return parts;
}
