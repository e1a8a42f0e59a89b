import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvolveEvent } from "../evolve/events.js";
import { evolve } from "../evolve/evolve.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { checkRedis } from "./redis-check.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";
import { archiveOf, spawnWorker, type WorkerProcess, writeToyTasksModule } from "./testing.js";

// Each file keeps under a minute: one generation, and the workers' first job pays their start-up.
const TASK = "toy-slow";
const DELAY_MS = 150;
let root: string;
let agentDir: string;
let redis: RedisServer;
let worker: WorkerProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ha-queue-redis-"));
  agentDir = writeToyProgram(join(root, "agent"));
  // One server and one worker for both cases (a worker's start-up is the slow part of a test).
  redis = await startRedisServer({ appendonly: false });
  worker = spawnWorker(redis.url, { tasksModule: writeToyTasksModule(root, TASK, DELAY_MS), concurrency: 2 });
  await worker.waitFor(/worker ready/);
  await evolve(options(join(root, "local")));
});

afterAll(async () => {
  await worker?.kill("SIGKILL");
  await redis?.stop();
});

function options(runDir: string) {
  return {
    runDir,
    agentDir,
    tasks: [toyTask({ id: TASK, delayMs: DELAY_MS })],
    generations: 1,
    children: 2,
    parallel: 2,
    seed: 4,
  };
}

/**
 * A run on workers during which Redis is SIGKILLed once, while a job of the first generation is
 * in a worker's hands, and started again a moment later.
 */
async function runThroughRestart(name: string) {
  let restarted: Promise<string> | undefined;
  const onEvent = (event: EvolveEvent) => {
    if (event.type !== "child-created" || restarted) return;
    restarted = worker.waitFor(/^active /, 30_000, worker.lines.length).then(async (line) => {
      await redis.kill();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await redis.restart();
      return line.split(" ")[1] ?? "";
    });
  };
  const summary = await evolve({
    ...options(join(root, name)),
    workers: { url: redis.url, recheckMs: 500 },
    onEvent,
  });
  return { summary, killedDuring: await restarted };
}

/** How many times the worker started each job. */
const starts = (jobId: string | undefined) =>
  worker.lines.filter((line) => line === `active ${jobId}`).length;

describe("faults: Redis killed and restarted", () => {
  it("without persistence: the owner adds its lost jobs again; the run completes with the same archive", async () => {
    const { summary, killedDuring } = await runThroughRestart("plain");
    expect(summary.reason).toBe("done");
    // Its result was lost with Redis's memory: the owner added it again and a worker ran it again.
    expect(starts(killedDuring)).toBe(2);
    expect(archiveOf(join(root, "plain"))).toEqual(archiveOf(join(root, "local")));
  }, 60_000);

  it("with appendonly: the run completes with the same archive, each instance recorded once", async () => {
    await redis.restart({ appendonly: true });
    const { summary } = await runThroughRestart("aof");
    expect(summary.reason).toBe("done");
    expect((await checkRedis(redis.url)).appendonly).toBe(true);
    const archive = archiveOf(join(root, "aof"));
    expect(archive).toEqual(archiveOf(join(root, "local")));
    const keys = archive.evaluations.map((e) => `${e.nodeId}/${e.split}/${e.instanceId}`);
    expect(new Set(keys).size).toBe(keys.length);
  }, 60_000);
});
