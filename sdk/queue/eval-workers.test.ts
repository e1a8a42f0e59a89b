import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEvalLog, type SampleRecord } from "../../evals/log.js";
import { evaluateModels } from "../../evals/run-eval.js";
import { loadTask } from "../../tasks/index.js";
import { main } from "../cli/main.js";
import { memoryIo } from "../cli/memory-io.js";
import { createModel } from "../llm/index.js";
import { type StubServer, startOpenAIServer, toyTask } from "../testing/index.js";
import { freePort, type RedisServer, startRedisServer } from "./redis-server.js";
import { connectRemoteExecutor } from "./remote-executor.js";
import { spawnWorker, type WorkerProcess } from "./testing.js";

let redis: RedisServer;
let worker: WorkerProcess;
let openai: StubServer;
let env: Record<string, string>;

beforeAll(async () => {
  redis = await startRedisServer();
  // The local model answers circle packing with a grid; the worker reaches it by its own environment.
  openai = await startOpenAIServer(() => ({
    text: `Here is a grid.\n\`\`\`json\n${JSON.stringify({ circles: gridPacking(30) })}\n\`\`\``,
  }));
  env = { OPENAI_API_KEY: "sk-local-never-used", OPENAI_BASE_URL: openai.baseURL };
  worker = spawnWorker(redis.url, { concurrency: 2, env });
  await worker.waitFor(/worker ready/);
}, 60_000);

afterAll(async () => {
  await worker?.kill();
  await redis?.stop();
  await openai?.close();
});

/** n circles on a grid (n ≥ every test instance's n: extra circles are dropped or refused alike). */
function gridPacking(n: number): number[][] {
  const side = Math.ceil(Math.sqrt(n));
  const r = 0.5 / side;
  return Array.from({ length: n }, (_, i) => [
    (2 * (i % side) + 1) * r,
    (2 * Math.floor(i / side) + 1) * r,
    r * 0.99,
  ]);
}

/** The samples of the one eval log in `dir`, in a stable order. */
function samplesOf(dir: string): SampleRecord[] {
  const logs = readdirSync(dir).filter((name) => name.endsWith(".eval.jsonl"));
  expect(logs).toHaveLength(1);
  return readEvalLog(join(dir, logs[0]!)).samples.sort(
    (a, b) => a.instance.localeCompare(b.instance) || a.seed - b.seed,
  );
}

/** What must not depend on where a sample ran. */
const comparable = (sample: SampleRecord) => ({
  instance: sample.instance,
  split: sample.split,
  seed: sample.seed,
  input: sample.input,
  score: sample.score,
  error: sample.error,
  details: sample.details,
  tokens: sample.tokens,
  costUsd: sample.costUsd,
  calls: sample.transcript.length,
});

describe("eval with --workers", () => {
  it("scores a program's samples on a worker as in this process (offline model, circle-packing)", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-eval-workers-"));
    const args = ["eval", "--task", "circle-packing", "--agent", "agents/offline", "--model", "offline"];
    const more = ["--split", "test", "--limit", "2", "--seeds", "2"];
    const local = memoryIo();
    expect(await main([...args, ...more, "--out", join(root, "local")], local), local.err).toBe(0);
    const before = worker.lines.length;
    const remote = memoryIo();
    const code = await main(
      [...args, ...more, "--out", join(root, "remote"), "--workers", redis.url],
      remote,
    );
    expect(code, remote.err).toBe(0);

    const a = samplesOf(join(root, "local"));
    const b = samplesOf(join(root, "remote"));
    expect(a).toHaveLength(4);
    expect(b.map(comparable)).toEqual(a.map(comparable));
    expect(a.some((sample) => sample.score > 0)).toBe(true);
    // The worker sends the agent's answer back: the logs say the same.
    expect(b.map((sample) => sample.answer)).toEqual(a.map((sample) => sample.answer));
    expect(b.every((sample) => sample.answer !== null)).toBe(true);
    // Every sample was one job on the worker, none run twice.
    const active = worker.lines.slice(before).filter((line) => line.startsWith("active "));
    expect(active).toHaveLength(4);
    expect(new Set(active).size).toBe(4);
    // The summary line is the same too: the mean and its interval over the same scores.
    const summary = (err: string) =>
      err
        .split("\n")
        .find((line) => /over 4 samples/.test(line))
        ?.split(" · ")[0];
    expect(summary(remote.err)).toBe(summary(local.err));
  }, 120_000);

  it("records the model calls a worker made: tokens and cost per sample from its call rows", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-eval-workers-"));
    const args = ["eval", "--task", "circle-packing", "--model", "openai:local-gpt", "--limit", "2"];
    const local = memoryIo({ env });
    expect(await main([...args, "--out", join(root, "local")], local), local.err).toBe(0);
    // No key here: the worker's own environment holds it.
    const remote = memoryIo();
    const code = await main([...args, "--out", join(root, "remote"), "--workers", redis.url], remote);
    expect(code, remote.err).toBe(0);
    const a = samplesOf(join(root, "local"));
    const b = samplesOf(join(root, "remote"));
    expect(a).toHaveLength(2);
    expect(b.map(comparable)).toEqual(a.map(comparable));
    // The texts of each call come back too: the same prompt, the same reply, the same tokens.
    const texts = (sample: SampleRecord) => sample.transcript.map(({ ms: _ms, ...call }) => call);
    expect(b.map(texts)).toEqual(a.map(texts));
    expect(b.map((sample) => sample.answer)).toEqual(a.map((sample) => sample.answer));
    for (const sample of b) {
      expect(sample.tokens.input).toBeGreaterThan(0);
      expect(sample.transcript).toHaveLength(1);
      expect(sample.transcript[0]!.messages.length).toBeGreaterThan(0);
      expect(sample.transcript[0]!.response).toContain("Here is a grid");
      expect(sample.transcript[0]!.inputTokens).toBe(sample.tokens.input);
    }
  }, 120_000);

  it("stops with the worker's error when no worker can run the job (a task it lacks), writing no sample", async () => {
    const executor = await connectRemoteExecutor({
      url: redis.url,
      runKey: `eval-lacking-${process.pid}`,
      taskModel: "offline",
      ledger: { record: () => undefined, budgetLeftUsd: () => null },
    });
    const out = join(mkdtempSync(join(tmpdir(), "ha-eval-workers-")), "lacking");
    try {
      await expect(
        evaluateModels({
          tasks: [toyTask({ id: "toy-not-on-workers" })],
          models: [{ model: createModel("offline"), offline: true }],
          outDir: out,
          program: () => ({ "task_agent.ts": "export async function solve() { return { value: 8 }; }\n" }),
          agent: "inline",
          limit: 2,
          workers: () => ({ executor, takeCalls: () => [] }),
        }),
      ).rejects.toThrow(/cannot load task "toy-not-on-workers".*--tasks-module/);
    } finally {
      await executor.close();
    }
    expect(samplesOf(out)).toEqual([]);
  }, 60_000);

  it("refuses a task's own model evaluation (no program to send) in one line naming the fix", async () => {
    const io = memoryIo();
    expect(await main(["eval", "--task", "decrypto", "--workers", redis.url], io)).toBe(2);
    const lines = io.err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /decrypto evaluates a model its own way.*--agent DIR or --scaffold NAME, or drop --workers/,
    );
    const env = memoryIo({ env: { HYPERAGENTS_WORKERS: redis.url } });
    expect(await main(["eval", "--task", "decrypto"], env)).toBe(2);
    expect(env.err).toMatch(/unset HYPERAGENTS_WORKERS/);
    // A Redis nobody listens on is said at once, not waited for.
    const nobody = memoryIo();
    const args = ["eval", "--task", "circle-packing", "--agent", "agents/offline", "--limit", "1"];
    const url = `redis://127.0.0.1:${await freePort()}`;
    expect(await main([...args, "--workers", url], nobody)).toBe(2);
    expect(nobody.err).toMatch(/^hyperagents: --workers: cannot reach redis:\/\/127\.0\.0\.1:\d+/m);
    // The SDK refuses it too, before any log is written.
    const out = join(mkdtempSync(join(tmpdir(), "ha-eval-workers-")), "sdk");
    const decrypto = await loadTask("decrypto");
    await expect(
      evaluateModels({
        tasks: [decrypto],
        models: [{ model: createModel("offline"), offline: true }],
        outDir: out,
        program: () => ({}),
        workers: () => {
          throw new Error("not reached: the refusal comes first");
        },
      }),
    ).rejects.toThrow(/decrypto evaluates a model its own way/);
  }, 60_000);
});
