import { describe, expect, it } from "vitest";
import { createSandbox, type RunResult, type Sandbox } from "../sandbox/index.js";
import { createLimiter } from "../sdk/internal/limiter.js";
import { toyTask } from "../sdk/testing/toy-task.js";
import { programAgent, STARVED_RETRIES } from "./evaluate-instances.js";

const STARVED: RunResult = {
  ok: false,
  kind: "starved",
  message: "the run reached the wall-clock backstop with 3 ms of CPU time",
  logs: [],
  stats: { wallMs: 9_000, cpuMs: 3, heapMb: 1, toolCalls: 0 },
};

/** The real sandbox on a machine so loaded that its first `starved` runs get no CPU. */
function overloaded(real: Sandbox, starved: number): Sandbox & { runs: number } {
  return {
    runs: 0,
    async run(request) {
      this.runs++;
      return this.runs <= starved ? STARVED : real.run(request);
    },
    dispose: () => real.dispose(),
  };
}

const files = { "task_agent.ts": "export async function solve() { return { value: 9 }; }\n" };

async function callOnce(sandbox: Sandbox) {
  const agent = programAgent(
    files,
    toyTask(),
    {
      sandbox,
      limiter: createLimiter(1),
      taskModel: undefined as never,
      limits: { timeoutMs: 5_000, memoryMb: 64 },
      seed: 1,
    },
    7,
  );
  return agent({ index: 0 });
}

describe("an agent call starved of CPU", () => {
  it("is run again before it counts: a starved run is the machine's failure, not the program's", async () => {
    const sandbox = overloaded(createSandbox(), STARVED_RETRIES);
    try {
      expect(await callOnce(sandbox)).toEqual({ ok: true, value: { value: 9 } });
      expect(sandbox.runs).toBe(1 + STARVED_RETRIES);
    } finally {
      await sandbox.dispose();
    }
  });

  it("fails as starved, never as the program's error, when the machine never gives it CPU", async () => {
    const sandbox = overloaded(createSandbox(), 100);
    try {
      const reply = await callOnce(sandbox);
      expect(reply.ok ? "" : reply.error).toMatch(/^starved: /);
      expect(sandbox.runs).toBe(1 + STARVED_RETRIES);
    } finally {
      await sandbox.dispose();
    }
  });
});
