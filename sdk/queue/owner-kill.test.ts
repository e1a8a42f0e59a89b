import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evolve } from "../evolve/evolve.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";
import { archiveOf, spawnWorker, type WorkerProcess, writeToyTasksModule } from "./testing.js";

const owner = fileURLToPath(new URL("./owner-process.ts", import.meta.url));
const TASK = "toy-slow";
const DELAY_MS = 150;
let redis: RedisServer;
let worker: WorkerProcess;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ha-queue-owner-"));
  redis = await startRedisServer({ appendonly: true });
  worker = spawnWorker(redis.url, { tasksModule: writeToyTasksModule(root, TASK, DELAY_MS), concurrency: 2 });
  await worker.waitFor(/worker ready/);
});

afterAll(async () => {
  await worker?.kill("SIGKILL");
  await redis?.stop();
});

/** Runs the owner; with `killAfter`, SIGKILLs it once that event line shows (plus a moment). */
function runOwner(runDir: string, agentDir: string, killAfter?: RegExp) {
  return new Promise<{ killed: boolean; code: number | null; out: string }>((resolve) => {
    const args = [owner, runDir, agentDir, redis.url, TASK, String(DELAY_MS)];
    const child = spawn(process.execPath, ["--no-node-snapshot", "--import", "tsx", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let timer: NodeJS.Timeout | undefined;
    const take = (chunk: unknown) => {
      out += String(chunk);
      if (killAfter && !timer && killAfter.test(out)) timer = setTimeout(() => child.kill("SIGKILL"), 300);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("exit", (code, signal) => resolve({ killed: signal === "SIGKILL", code, out }));
  });
}

describe("faults: the owner", () => {
  it("SIGKILLed while workers run its jobs, then resumed: no duplicate node, no finished evaluation run again", async () => {
    const agentDir = writeToyProgram(join(root, "agent"));
    await evolve({
      runDir: join(root, "local"),
      agentDir,
      tasks: [toyTask({ id: TASK, delayMs: DELAY_MS })],
      generations: 1,
      children: 2,
      parallel: 2,
      seed: 8,
    });
    const runDir = join(root, "remote");
    const first = await runOwner(runDir, agentDir, /child-created g1c1/);
    expect(first.killed, first.out).toBe(true);
    // The workers finish what the dead owner queued; the resumed owner takes those results from Redis.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const second = await runOwner(runDir, agentDir);
    expect(second.code, second.out).toBe(0);
    expect(archiveOf(runDir)).toEqual(archiveOf(join(root, "local")));
    const active = worker.lines.filter((line) => line.startsWith("active "));
    expect(active.length).toBeGreaterThan(0);
    expect(new Set(active).size).toBe(active.length);
  }, 90_000);
});
