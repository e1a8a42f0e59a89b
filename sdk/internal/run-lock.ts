/**
 * One writer per run directory (an evolve run, a DéjàQ loop): `run.lock` holds the writer's PID
 * (and, on Linux, the PID's start time, so a reused PID is not taken for the holder). It is
 * created with O_EXCL, removed on any exit the process sees, and taken over when its holder is
 * no longer alive (SIGKILL, power loss). Readers (`report`, `export`) never take it.
 */
import { closeSync, linkSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { UserError } from "../errors.js";

export const RUN_LOCK_FILE = "run.lock";

interface LockHolder {
  pid: number;
  /** Start time of the PID in clock ticks since boot (Linux), or null where unknown. */
  startTime: number | null;
  host: string;
  since: string;
}

/** The run directory is being written by another live process. */
export class RunLockedError extends UserError {
  constructor(
    readonly runDir: string,
    readonly holder: LockHolder,
    /** What the writers are and what still reads while one runs, for the message. */
    readonly writers: { name: string; readers: string } = EVOLVE_WRITERS,
  ) {
    super(
      `${runDir} is in use by process ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`} (since ${holder.since}): ` +
        `only one ${writers.name} may write it; wait for it to finish or stop it (kill ${holder.pid}). ` +
        writers.readers,
    );
  }
}

const EVOLVE_WRITERS = {
  name: "evolve",
  readers: "`hyperagents report` and `export` work while it runs",
};

/** Start time of a process in clock ticks since boot; null off Linux or when it is gone. */
export function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the process that wrote `holder` still runs (same host only; another host's lock is trusted). */
export function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (!pidAlive(holder.pid)) return false;
  if (holder.startTime === null) return true;
  const now = processStartTime(holder.pid);
  // A different start time means the PID was reused by an unrelated process.
  return now === null || now === holder.startTime;
}

function readHolder(file: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === "number" && Number.isInteger(parsed.pid) && parsed.pid > 0) {
      return {
        pid: parsed.pid,
        startTime: typeof parsed.startTime === "number" ? parsed.startTime : null,
        host: typeof parsed.host === "string" ? parsed.host : hostname(),
        since: typeof parsed.since === "string" ? parsed.since : "an unknown time",
      };
    }
  } catch {
    // A lock a kill left half-written: nobody holds it.
  }
  return { pid: 0, startTime: null, host: hostname(), since: "a killed start" };
}

export interface RunLock {
  readonly file: string;
  /** Takes the lock; throws RunLockedError while a live process holds it. Idempotent. */
  acquire(): void;
  /** Gives the lock back if this process holds it. Idempotent. */
  release(): void;
}

/** A lock on `runDir`, not yet taken. */
/** Writes the holder into an open file and closes it. */
function writeHolder(fd: number, holder: LockHolder): void {
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
}

export function runLock(
  runDir: string,
  writers: { name: string; readers: string } = EVOLVE_WRITERS,
): RunLock {
  const file = join(runDir, RUN_LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: hostname(),
    since: new Date().toISOString(),
  };
  let held = false;
  // A process that exits (process.exit, an uncaught error, a second Ctrl-C) still gives it back.
  const onExit = () => release();

  function release() {
    if (!held) return;
    held = false;
    process.removeListener("exit", onExit);
    const holder = readHolder(file);
    if (holder && holder.pid === me.pid && holder.startTime === me.startTime) rmSync(file, { force: true });
  }

  function tryCreate(): boolean {
    // Write a private file, then link it into place: the lock appears whole or not at all.
    const temp = `${file}.${process.pid}.tmp`;
    writeHolder(openSync(temp, "w"), me);
    try {
      linkSync(temp, file);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      // File systems without hard links: O_EXCL alone (a kill mid-write leaves a lock nobody holds).
      if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS")
        return createExclusive();
      throw error;
    } finally {
      rmSync(temp, { force: true });
    }
  }

  function createExclusive(): boolean {
    let fd: number;
    try {
      fd = openSync(file, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
    writeHolder(fd, me);
    return true;
  }

  function acquire() {
    if (held) return;
    for (let attempt = 0; attempt < 8; attempt++) {
      if (tryCreate()) {
        held = true;
        process.on("exit", onExit);
        return;
      }
      const holder = readHolder(file);
      if (holder === undefined) continue;
      if (holder.pid !== 0 && holderAlive(holder)) throw new RunLockedError(runDir, holder, writers);
      breakStale(file, holder);
      // Another process may be breaking it too: give it a moment before looking again.
      if (attempt > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 * attempt);
    }
    throw new UserError(
      `could not take the lock ${file}: other processes keep taking it; run one evolve at a time on a run directory`,
    );
  }

  return { file, acquire, release };
}

/**
 * Removes a stale lock, under a short-lived guard so two processes that both found it stale do
 * not remove each other's fresh lock.
 */
function breakStale(file: string, seen: LockHolder): void {
  const guard = `${file}.break`;
  let fd: number;
  try {
    fd = openSync(guard, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Someone else is breaking it; a guard left by a kill mid-break is stale after its holder dies.
    const guardHolder = readHolder(guard);
    // pid 0: the guard is being written this instant; leave it to its writer.
    if (guardHolder && (guardHolder.pid === 0 || holderAlive(guardHolder))) return;
    rmSync(guard, { force: true });
    return;
  }
  try {
    writeSync(
      fd,
      `${JSON.stringify({ pid: process.pid, startTime: processStartTime(process.pid), host: hostname(), since: new Date().toISOString() })}\n`,
    );
    const now = readHolder(file);
    if (now && now.pid === seen.pid && now.startTime === seen.startTime) {
      try {
        unlinkSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  } finally {
    closeSync(fd);
    rmSync(guard, { force: true });
  }
}
