/**
 * The compile gate's warm isolates. Creating an isolate and compiling the runtime cost more than
 * checking a small program, and the engine checks every child, so an isolate whose check ended
 * cleanly is kept for the next one (each check still gets fresh contexts). Kept only on the
 * sandbox pool's terms (isolate-pool.ts): it answered an asynchronous heap query (so nothing
 * runs inside it), its heap is modest, and its CPU reading has not moved when it is taken again.
 * During a check a program has no capability and no timer, so no work of its can be pending.
 * Idle isolates go after IDLE_MS, so a process that stops checking gives their memory back.
 */
import type ivm from "isolated-vm";
import { createIsolatePool, type IsolateLease } from "./isolate-pool.js";
import { RUNTIME_FILE, RUNTIME_SOURCE } from "./runtime-source.js";

export const CHECK_MEMORY_MB = 128;
const IDLE_PROOF_MS = 250;
const IDLE_MS = 30_000;
const REUSE_HEAP_SHARE = 0.25;
const SETTLE_MS = 10;
const SETTLE_TRIES = 10;

const pool = createIsolatePool({ maxIdle: 2, maxUses: 200, maxScripts: 1 });
let idleTimer: NodeJS.Timeout | undefined;

export function takeCheckIsolate(): IsolateLease {
  return pool.take(CHECK_MEMORY_MB);
}

/** The runtime, compiled once per isolate. */
export function checkRuntime(lease: IsolateLease): Promise<ivm.Script> {
  return pool.compile(lease, "runtime", RUNTIME_SOURCE, RUNTIME_FILE);
}

/**
 * After a check: `clean` when the isolate answered (no expiry, no memory failure). Proving it
 * idle takes a round trip to its thread, so this runs after the verdict is returned.
 */
export async function returnCheckIsolate(lease: IsolateLease, clean: boolean): Promise<void> {
  if (!clean || lease.isolate.isDisposed) {
    pool.discard(lease);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    // Unref'd, as the other timers here: handing an isolate back never keeps a process alive.
    timer = setTimeout(() => resolve(undefined), IDLE_PROOF_MS);
    timer.unref();
  });
  try {
    const stats = await Promise.race([lease.isolate.getHeapStatistics().catch(() => undefined), late]);
    const heapMb = stats === undefined ? Number.POSITIVE_INFINITY : stats.used_heap_size / (1024 * 1024);
    if (heapMb < CHECK_MEMORY_MB * REUSE_HEAP_SHARE && (await cpuSettles(lease.isolate))) {
      pool.give(lease);
      scheduleIdleRelease();
    } else pool.discard(lease);
  } catch {
    pool.discard(lease);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The isolate's CPU reading goes on moving for a few milliseconds after its last task answered
 * (its thread lets go of the isolate later); `take` refuses one whose reading moved since `give`,
 * so give it back once two readings SETTLE_MS apart agree.
 */
async function cpuSettles(isolate: ivm.Isolate): Promise<boolean> {
  for (let attempt = 0; attempt < SETTLE_TRIES; attempt++) {
    if (isolate.isDisposed) return false;
    const before = isolate.cpuTime;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS).unref());
    if (!isolate.isDisposed && isolate.cpuTime === before) return true;
  }
  return false;
}

function scheduleIdleRelease(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(disposeCheckIsolates, IDLE_MS);
  idleTimer.unref();
}

/** Isolates kept for the next check. */
export function idleCheckIsolates(): number {
  return pool.idleCount;
}

/** Disposes the idle isolates (tests, or a host that wants the memory back now). */
export function disposeCheckIsolates(): void {
  clearTimeout(idleTimer);
  pool.disposeAll();
}
