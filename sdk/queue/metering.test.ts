import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evolve } from "../evolve/evolve.js";
import { openRunStore } from "../store/run-store.js";
import { startOpenAIServer } from "../testing/index.js";
import type { StubServer } from "../testing/stub-server.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";
import { spawnWorker, type WorkerProcess, writeToyTasksModule } from "./testing.js";

/** A toy task agent that asks its model for the value, so every evaluation makes one model call. */
const ASKING_TASK_AGENT = `import { VALUE } from "./params.js";
export async function solve(_input: unknown, ctx: any) {
  const reply = await ctx.llm.generate({ messages: [{ role: "user", content: "a number" }] });
  return { value: VALUE + Number(reply.text) };
}
`;

const TASK = "toy-asking";
/** A toy task with twelve instances per split: its jobs outnumber what a small budget pays for. */
const WIDE = { id: "toy-asking-wide", targets: [7, 8, 9, 10, 7, 8, 9, 10, 7, 8, 9, 10] };
let redis: RedisServer;
let model: StubServer;
let worker: WorkerProcess;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ha-queue-meter-"));
  redis = await startRedisServer();
  model = await startOpenAIServer(() => ({ text: "1", usage: { inputTokens: 1000, outputTokens: 100 } }));
  // The worker's key and endpoint come from its own environment, never from the owner or Redis.
  worker = spawnWorker(redis.url, {
    tasksModule: writeToyTasksModule(root, TASK, 0, [WIDE]),
    env: { OPENAI_API_KEY: "sk-worker", OPENAI_BASE_URL: model.baseURL },
  });
  await worker.waitFor(/worker ready/);
});

afterAll(async () => {
  await worker?.kill("SIGKILL");
  await Promise.all([redis?.stop(), model?.close()]);
});

describe("model calls on workers", () => {
  it("are made with the worker's own key and recorded in the owner's ledger", async () => {
    const agentDir = writeToyProgram(join(root, "agent"));
    writeFileSync(join(agentDir, "task_agent.ts"), ASKING_TASK_AGENT);
    const runDir = join(root, "run");
    const summary = await evolve({
      runDir,
      agentDir,
      tasks: [toyTask({ id: TASK })],
      model: "openai:gpt-4o-mini",
      metaModel: "offline",
      generations: 1,
      children: 1,
      budgetUsd: 5,
      // The owner's own key and endpoint lead nowhere: a call made here would fail the run.
      env: { OPENAI_API_KEY: "sk-owner", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" },
      workers: redis.url,
    });
    expect(summary.reason).toBe("done");
    expect(model.requests.length).toBeGreaterThan(0);
    expect(new Set(model.requests.map((request) => request.headers.authorization))).toEqual(
      new Set(["Bearer sk-worker"]),
    );
    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const task = store.costs().filter((row) => row.role === "task");
    store.close();
    expect(task.reduce((sum, row) => sum + row.calls, 0)).toBe(model.requests.length);
    expect(summary.costUsd).toBeGreaterThan(0);
    expect(task.map((row) => row.nodeId).sort()).toEqual(["g1c0", "initial"]);
  }, 60_000);

  it("count against the run's budget: the run stops once the workers' calls have spent it", async () => {
    const agentDir = writeToyProgram(join(root, "agent-budget"));
    writeFileSync(join(agentDir, "task_agent.ts"), ASKING_TASK_AGENT);
    const summary = await evolve({
      runDir: join(root, "budget"),
      agentDir,
      tasks: [toyTask({ id: TASK })],
      model: "openai:gpt-4o-mini",
      metaModel: "offline",
      generations: 3,
      children: 1,
      // One call costs about $0.0002: the initial evaluation alone spends this.
      budgetUsd: 0.0003,
      env: { OPENAI_API_KEY: "sk-owner", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" },
      workers: redis.url,
    });
    expect(summary.reason).toBe("budget");
    expect(summary.costUsd).toBeGreaterThanOrEqual(0.0003);
    expect(summary.archiveSize).toBe(1);
  }, 60_000);

  it("share the run's budget across jobs: jobs added together do not each spend what was left", async () => {
    const agentDir = writeToyProgram(join(root, "agent-shared"));
    writeFileSync(join(agentDir, "task_agent.ts"), ASKING_TASK_AGENT);
    const before = model.requests.length;
    // One call costs about $0.00021: the two sample jobs leave less than one call's worth, then
    // twelve validation jobs are added at once. Each used to carry "$0.00008 left" and spend it.
    const budgetUsd = 0.0005;
    const summary = await evolve({
      runDir: join(root, "shared"),
      agentDir,
      tasks: [toyTask(WIDE)],
      model: "openai:gpt-4o-mini",
      metaModel: "offline",
      generations: 1,
      children: 1,
      budgetUsd,
      env: { OPENAI_API_KEY: "sk-owner", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" },
      workers: redis.url,
    });
    expect(summary.reason).toBe("budget");
    const calls = model.requests.length - before;
    // The worker runs one job at a time: at most one call passes the cap, never twelve.
    expect(calls).toBeLessThanOrEqual(3);
    expect(summary.costUsd).toBeLessThan(budgetUsd + 0.00025);
  }, 60_000);
});
