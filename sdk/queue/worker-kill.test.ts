import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evolve } from "../evolve/evolve.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";
import {
  alive,
  archiveOf,
  childPids,
  spawnWorker,
  type WorkerProcess,
  writeToyTasksModule,
} from "./testing.js";

const TASK = "toy-slow";
const DELAY_MS = 250;
let redis: RedisServer;
let root: string;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ha-queue-kill-"));
  redis = await startRedisServer();
  const tasksModule = writeToyTasksModule(root, TASK, DELAY_MS);
  workers = [spawnWorker(redis.url, { tasksModule }), spawnWorker(redis.url, { tasksModule })];
  await Promise.all(workers.map((worker) => worker.waitFor(/worker ready/)));
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill("SIGKILL")));
  await redis?.stop();
});

const options = (runDir: string, agentDir: string) => ({
  runDir,
  agentDir,
  tasks: [toyTask({ id: TASK, delayMs: DELAY_MS })],
  generations: 1,
  children: 2,
  parallel: 2,
  seed: 11,
});

describe("faults: workers", () => {
  it("a worker SIGKILLed mid-job: its job runs again on another worker, and every instance is recorded once", async () => {
    const agentDir = writeToyProgram(join(root, "agent"));
    await evolve(options(join(root, "local"), agentDir));
    const [victim, survivor] = workers as [WorkerProcess, WorkerProcess];
    const run = evolve({ ...options(join(root, "remote"), agentDir), workers: redis.url });
    const active = await victim.waitFor(/^active /);
    await victim.kill("SIGKILL");
    const summary = await run;
    expect(summary.reason).toBe("done");
    const jobId = active.split(" ")[1];
    // The killed worker's job was taken up again (its lock lapsed) and finished elsewhere.
    expect(survivor.lines).toContain(`completed ${jobId}`);
    const remote = archiveOf(join(root, "remote"));
    expect(remote).toEqual(archiveOf(join(root, "local")));
    const keys = remote.evaluations.map((e) => `${e.nodeId}/${e.split}/${e.instanceId}`);
    expect(new Set(keys).size).toBe(keys.length);
  }, 60_000);

  it("a job for a task no worker has fails the run with a clear error instead of waiting forever", async () => {
    const agentDir = writeToyProgram(join(root, "agent-unknown"));
    const run = evolve({
      ...options(join(root, "unknown"), agentDir),
      tasks: [toyTask({ id: "toy-nowhere" })],
      workers: redis.url,
    });
    await expect(run).rejects.toThrow(/cannot load task "toy-nowhere".*--tasks-module/);
  }, 30_000);

  it("a worker SIGKILLed while idle leaves no slot behind (each would hold a Redis connection forever)", async () => {
    const survivor = workers[1]!;
    // The survivor ran jobs above: BullMQ keeps their slots (child processes) for the next ones.
    const slots = childPids(survivor.child.pid!);
    expect(slots.length).toBeGreaterThan(0);
    await survivor.kill("SIGKILL");
    await expect.poll(() => slots.filter(alive), { timeout: 10_000 }).toEqual([]);
  }, 30_000);
});
