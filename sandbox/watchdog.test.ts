import ivm from "isolated-vm";
import { afterEach, describe, expect, it } from "vitest";
import { createWatchdog, type Expiry } from "./watchdog.js";

const isolates: ivm.Isolate[] = [];
afterEach(() => {
  for (const isolate of isolates.splice(0)) if (!isolate.isDisposed) isolate.dispose();
});

/** An isolate that ran the program's call and is now idle, watched until it expires. */
async function idleRun(hostWorking: boolean): Promise<Expiry> {
  const isolate = new ivm.Isolate({ memoryLimit: 16 });
  isolates.push(isolate);
  const context = await isolate.createContext();
  const watchdog = createWatchdog();
  let resolve!: (expiry: Expiry) => void;
  const expired = new Promise<Expiry>((r) => {
    resolve = r;
  });
  const watch = watchdog.watch({
    isolate,
    cpuLimitMs: 100,
    idleLimitMs: 100,
    wallLimitMs: 600,
    hostWorking: () => hostWorking,
    onExpire: resolve,
  });
  watch.programCalled();
  await context.eval("let x = 0; for (let i = 0; i < 1000; i++) x += i; x");
  return expired;
}

describe("the watchdog", () => {
  it("counts a run idle on nothing (or on a model call) as waiting: timeout", async () => {
    expect(await idleRun(false)).toBe("timeout");
  });

  it("does not count time the host spends on the run's local work: past the backstop it is starved", async () => {
    expect(await idleRun(true)).toBe("starved");
  });
});
