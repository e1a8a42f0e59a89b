/**
 * CPU time of this process's threads, from Linux's /proc/self/task/<tid>/schedstat (nanoseconds
 * on a CPU). isolated-vm's `isolate.cpuTime` is exact only between segments of execution: while
 * a segment runs it adds the segment's wall-clock time, which on a loaded machine is far more
 * than the CPU the segment got. The isolate runs on one of these threads, so how much CPU the
 * busiest thread got in an interval bounds what the isolate got in it.
 * Elsewhere (no /proc) `sample` returns undefined and callers fall back to `cpuTime` alone.
 */
import { readdirSync, readFileSync } from "node:fs";

export type ThreadSample = Map<string, number>;

let unavailable = false;

export function sampleThreads(): ThreadSample | undefined {
  if (unavailable) return undefined;
  const sample: ThreadSample = new Map();
  try {
    for (const tid of readdirSync("/proc/self/task")) {
      // The main thread runs the host, never an isolate.
      if (tid === String(process.pid)) continue;
      try {
        const first = readFileSync(`/proc/self/task/${tid}/schedstat`, "latin1").split(" ", 1)[0];
        const ns = Number(first);
        if (Number.isFinite(ns)) sample.set(tid, ns);
      } catch {
        // The thread ended between the listing and the read.
      }
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
