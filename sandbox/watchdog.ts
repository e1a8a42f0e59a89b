/**
 * The host-side deadline of every run. isolated-vm's own `timeout` covers only a synchronous
 * call from the host; code that runs later (the continuation after an awaited capability call,
 * a getter the runtime reads, microtasks after the result) is not covered, and any blocking
 * isolate method would wait for it for ever. So the host watches each run from its own event
 * loop and disposes the isolate when the run is over its limits, whatever it is doing.
 *
 * What counts, so that a score does not depend on machine load:
 * - CPU time: how far `isolate.cpuTime` moved in each tick, capped by the CPU the busiest of
 *   the process's threads got in it (see thread-cpu.ts), summed. `cpuTime` alone is not CPU
 *   time: while a segment runs it grows with the wall clock, and on Linux we measured it equal
 *   to wall-clock time spent executing even after the segment (2 s "CPU" for 0.34 s of CPU
 *   under load). Past `cpuLimitMs`: `timeout`.
 * - Waiting: a run whose isolate is idle (nothing running, nothing handed to it since it last
 *   ran) is waiting on a capability call or on a promise nothing will settle. The wall-clock
 *   time it spends so counts too, except while the host is busy on its behalf with local work
 *   (`hostWorking`, e.g. a file operation, which a loaded host does slowly): past
 *   `idleLimitMs` of CPU time plus waiting, `timeout`.
 * - Backstop: past `wallLimitMs` of wall-clock time the run ends anyway; if it was still
 *   computing with its CPU under the limit, the machine starved it: `starved`.
 */
import type ivm from "isolated-vm";
import { busiestThreadMs, sampleThreads, type ThreadSample } from "./thread-cpu.js";

export type Expiry = "timeout" | "starved";

export interface WatchOptions {
  isolate: ivm.Isolate;
  cpuLimitMs: number;
  idleLimitMs: number;
  wallLimitMs: number;
  /** True while the host does local work for the run (not counted as the program waiting). */
  hostWorking?: () => boolean;
  onExpire(expiry: Expiry): void;
}

export interface Watch {
  /** The host handed the isolate work (a call, a settled capability call): it is not idle. */
  kick(): void;
  /**
   * The program's own code is now what the run waits for (its exported function was called).
   * Before this the host is still setting the run up, and time the host takes (a starved host
   * included) is never counted as the program waiting.
   */
  programCalled(): void;
  /** CPU time used so far (ms): the watchdog's estimate, brought up to date. */
  cpuMs(): number;
  stop(): void;
}

export interface Watchdog {
  watch(options: WatchOptions): Watch;
}

const TICK_MS = 10;
/** The isolate's CPU reading must stay still this long before the run counts as idle. */
const IDLE_GRACE_MS = 50;
/** A final step of the estimate longer than this is capped by the threads' CPU too. */
const PRECISE_STEP_MS = 5;

interface Entry {
  options: WatchOptions;
  startedAt: number;
  base: number;
  lastReading: number;
  estimate: number;
  lastChangeAt: number;
  /** The CPU reading when the host last handed the isolate work. */
  kickReading: number;
  programCalled: boolean;
  /** Wall-clock ms spent idle, waiting on nothing or on a model call. */
  waited: number;
  lastTickAt: number;
  done: boolean;
}

function readCpuMs(isolate: ivm.Isolate): number | undefined {
  try {
    return isolate.isDisposed ? undefined : Number(isolate.cpuTime) / 1e6;
  } catch {
    return undefined;
  }
}

export function createWatchdog(): Watchdog {
  const entries = new Set<Entry>();
  let timer: NodeJS.Timeout | undefined;
  let threads: ThreadSample | undefined;

  function used(entry: Entry): number {
    return Math.min(entry.estimate, entry.lastReading - entry.base);
  }

  function tick(): void {
    const now = performance.now();
    const sample = sampleThreads();
    const busiest = threads && sample ? busiestThreadMs(threads, sample) : undefined;
    threads = sample;
    for (const entry of entries) {
      const reading = readCpuMs(entry.options.isolate);
      if (reading === undefined) continue; // disposed: the run's own promise reports why
      if (reading !== entry.lastReading) entry.lastChangeAt = now;
      const step = Math.max(0, reading - entry.lastReading);
      entry.estimate += busiest === undefined ? step : Math.min(step, busiest);
      entry.lastReading = reading;
      const cpu = used(entry);
      const wall = now - entry.startedAt;
      // Idle: it ran since it was last handed work (its reading moved), and has been still since.
      const idle =
        entry.programCalled && reading !== entry.kickReading && now - entry.lastChangeAt >= IDLE_GRACE_MS;
      const { cpuLimitMs, idleLimitMs, wallLimitMs, hostWorking } = entry.options;
      if (idle && !hostWorking?.()) entry.waited += now - Math.max(entry.lastTickAt, entry.lastChangeAt);
      entry.lastTickAt = now;
      let expiry: Expiry | undefined;
      if (cpu >= cpuLimitMs) expiry = "timeout";
      else if (idle && cpu + entry.waited >= idleLimitMs) expiry = "timeout";
      else if (wall >= wallLimitMs) expiry = idle && !hostWorking?.() ? "timeout" : "starved";
      if (expiry) {
        finish(entry);
        entry.options.onExpire(expiry);
      }
    }
  }

  function finish(entry: Entry): void {
    entry.done = true;
    entries.delete(entry);
    if (entries.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
      threads = undefined;
    }
  }

  return {
    watch(options) {
      const now = performance.now();
      const base = readCpuMs(options.isolate) ?? 0;
      const entry: Entry = {
        options,
        startedAt: now,
        base,
        lastReading: base,
        estimate: 0,
        lastChangeAt: Number.NEGATIVE_INFINITY,
        kickReading: base,
        programCalled: false,
        waited: 0,
        lastTickAt: now,
        done: false,
      };
      entries.add(entry);
      if (!timer) {
        threads = sampleThreads();
        timer = setInterval(tick, TICK_MS);
      }
      return {
        kick() {
          entry.kickReading = readCpuMs(options.isolate) ?? entry.kickReading;
        },
        programCalled() {
          entry.kickReading = readCpuMs(options.isolate) ?? entry.kickReading;
          entry.programCalled = true;
        },
        cpuMs() {
          const reading = readCpuMs(options.isolate);
          if (reading === undefined) return used(entry);
          let step = Math.max(0, reading - entry.lastReading);
          // Reading the threads costs more than a short run; below a few ms the error is that small.
          if (step > PRECISE_STEP_MS && threads) {
            const now = sampleThreads();
            if (now) step = Math.min(step, busiestThreadMs(threads, now));
          }
          return Math.min(entry.estimate + step, reading - entry.base);
        },
        stop() {
          if (!entry.done) finish(entry);
        },
      };
    },
  };
}
