/**
 * CPU time of this process's threads, from Linux's /proc/self/task/<tid>/schedstat (nanoseconds
 * on a CPU). isolated-vm's `isolate.cpuTime` is exact only between segments of execution: while
 * a segment runs it adds the segment's wall-clock time, which on a loaded machine is far more
 * than the CPU the segment got. The isolate runs on one of these threads, so how much CPU the
 * busiest thread got in an interval bounds what the isolate got in it.
 * Elsewhere (no /proc) `sample` returns undefined and callers fall back to `cpuTime` alone.
 */
import { closeSync, openSync, readdirSync, readSync } from "node:fs";

export type ThreadSample = Map<string, number>;

let unavailable = false;
/** The thread list changes rarely (a pool grows); it is listed again after this long. */
const LIST_EVERY_MS = 250;
let listed: { at: number; tids: string[] } | undefined;
// schedstat is one short line; one buffer serves every read (the watchdog samples every tick).
const line = Buffer.alloc(128);

function threadIds(): string[] {
  const now = performance.now();
  if (!listed || now - listed.at > LIST_EVERY_MS) {
    // The main thread runs the host, never an isolate.
    const tids = readdirSync("/proc/self/task").filter((tid) => tid !== String(process.pid));
    listed = { at: now, tids };
  }
  return listed.tids;
}

function readNs(tid: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/self/task/${tid}/schedstat`, "r");
    const bytes = readSync(fd, line, 0, line.length, 0);
    const text = line.toString("latin1", 0, bytes);
    const ns = Number(text.slice(0, text.indexOf(" ")));
    return Number.isFinite(ns) ? ns : undefined;
  } catch {
    // The thread ended between the listing and the read.
    listed = undefined;
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function sampleThreads(): ThreadSample | undefined {
  if (unavailable) return undefined;
  const sample: ThreadSample = new Map();
  try {
    for (const tid of threadIds()) {
      const ns = readNs(tid);
      if (ns !== undefined) sample.set(tid, ns);
    }
  } catch {
    unavailable = true;
    return undefined;
  }
  if (sample.size === 0) unavailable = true;
  return sample.size === 0 ? undefined : sample;
}

/** The most CPU (ms) any one thread got between two samples; a new thread counts whole. */
export function busiestThreadMs(before: ThreadSample, after: ThreadSample): number {
  let most = 0;
  for (const [tid, ns] of after) most = Math.max(most, ns - (before.get(tid) ?? 0));
  return most / 1e6;
}
