import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evolve } from "../evolve/evolve.js";
import { openProgramStore } from "../program/index.js";
import { openRunStore } from "../store/run-store.js";
import { treeHashOf } from "./jobs.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";
import { archiveOf, spawnWorker, type WorkerProcess } from "./testing.js";

let redis: RedisServer;
let worker: WorkerProcess;

beforeAll(async () => {
  redis = await startRedisServer();
  worker = spawnWorker(redis.url, { concurrency: 2 });
  await worker.waitFor(/worker ready/);
});

afterAll(async () => {
  await worker?.kill();
  await redis?.stop();
});

describe("evolve with --workers", () => {
  it("refuses a Redis it cannot reach at once, naming it, instead of waiting for it", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-queue-unreachable-"));
    const options = { tasks: ["circle-packing"], generations: 1, children: 1, seed: 5 };
    await expect(
      evolve({ ...options, runDir: join(root, "run"), workers: "redis://127.0.0.1:1" }),
    ).rejects.toThrow(/--workers: .*127\.0\.0\.1:1/);
  }, 60_000);

  it("gives the same archive as the same seed in one process (offline model), recording each instance once", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-queue-same-"));
    const options = { tasks: ["circle-packing"], generations: 2, children: 2, parallel: 2, seed: 5 };
    const local = await evolve({ ...options, runDir: join(root, "local") });
    const remote = await evolve({ ...options, runDir: join(root, "remote"), workers: redis.url });
    expect(remote.reason).toBe("done");
    expect(remote.archiveSize).toBe(local.archiveSize);
    expect(remote.testScores).toEqual(local.testScores);
    const a = archiveOf(join(root, "local"));
    const b = archiveOf(join(root, "remote"));
    expect(b).toEqual(a);
    expect(a.evaluations.length).toBeGreaterThan(0);
    // Every job the run added was run by a worker, and none twice.
    const active = worker.lines.filter((line) => line.startsWith("active "));
    expect(new Set(active).size).toBe(active.length);
    expect(active.length).toBe(b.evaluations.length);
    // The node's tree hash (git's, from the program store) is the one jobs are keyed by.
    const store = openRunStore(join(root, "remote", "run.sqlite"), { readonly: true });
    const tree = store.node("g1c0")?.tree;
    store.close();
    const programs = await openProgramStore({
      gitDir: join(root, "remote", "program.git"),
      worktreesDir: join(root, "remote", "worktrees"),
    });
    expect(treeHashOf(await programs.readFiles("g1c0"))).toBe(tree);

    // --remote-meta: the meta steps run on the worker too; the owner commits the files they changed.
    const before = worker.lines.length;
    const meta = await evolve({
      ...options,
      runDir: join(root, "meta"),
      workers: redis.url,
      remoteMeta: true,
    });
    expect(meta.testScores).toEqual(local.testScores);
    expect(archiveOf(join(root, "meta"))).toEqual(a);
    const metaJobs = worker.lines.slice(before).filter((line) => /^active m/.test(line));
    expect(metaJobs.length).toBe(options.generations * options.children);
    expect(readFileSync(join(root, "meta", "nodes", "g1c0", "meta.log"), "utf8")).toBe(
      readFileSync(join(root, "local", "nodes", "g1c0", "meta.log"), "utf8"),
    );
  }, 120_000);
});
