/**
 * Runs one child process under a wall-clock limit. The child leads its own process group
 * (detached), so the limit, an abort or the host's own exit ends the whole group: SIGTERM, then
 * SIGKILL after a grace period. Output is kept as tails only, so a solution that prints without
 * end costs the host a fixed amount of memory.
 */
import { spawn } from "node:child_process";
import { TailBuffer } from "./tail-buffer.js";

export interface SpawnLimitedOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  timeLimitMs: number;
  tailBytes: number;
  /** How long SIGTERM may take before SIGKILL. */
  graceMs?: number;
  signal?: AbortSignal;
}

export interface SpawnLimitedResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  wallMs: number;
  stdout: TailBuffer;
  stderr: TailBuffer;
  /** Set when the process could not be started at all. */
  spawnError?: string;
}

/** Process groups still running; the host kills them if it exits first. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pid of liveGroups) killGroup(pid, "SIGKILL");
  });
}

export function spawnLimited(options: SpawnLimitedOptions): Promise<SpawnLimitedResult> {
  installExitHook();
  const stdout = new TailBuffer(options.tailBytes);
  const stderr = new TailBuffer(options.tailBytes);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (child.pid === undefined || killTimer !== undefined) return;
      killGroup(child.pid, "SIGTERM");
      const pid = child.pid;
      killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), options.graceMs ?? 2_000);
    };
    const limitTimer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeLimitMs);
    const onAbort = (): void => {
      aborted = true;
      stop();
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (child.pid !== undefined) liveGroups.add(child.pid);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    let spawnError: string | undefined;
    child.on("error", (error) => {
      spawnError = error.message;
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(limitTimer);
      if (killTimer !== undefined) clearTimeout(killTimer);
      options.signal?.removeEventListener("abort", onAbort);
      // No kill after the leader is reaped: its pid may be reused. The permission model leaves
      // the child no way to start other processes, so nothing of the group outlives it.
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      const wallMs = performance.now() - started;
      const base = { exitCode, signal, timedOut, aborted, wallMs, stdout, stderr };
      resolve(spawnError === undefined ? base : { ...base, spawnError });
    });
  });
}
