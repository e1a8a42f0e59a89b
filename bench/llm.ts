/**
 * What the model layer costs on top of a bare official-SDK call, against the local OpenAI stub
 * server (same process, loopback), so network time is near zero and our overhead is visible.
 *
 *   1. per-call overhead: createModel + withRetry + withLedger + withBudget + withConcurrency
 *      vs `client.chat.completions.create`, sequential, interleaved (p50, p99; goal < 1 ms p50)
 *   2. a replay-cache hit (p50, p99; goal < 0.2 ms p50)
 *   3. throughput with 64 requests in flight (req/s, ours vs bare)
 *
 * Run: npx tsx bench/llm.ts [--calls N]   Writes bench/results/llm.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import {
  type ChatModel,
  type ChatRequest,
  createLedger,
  createModel,
  withBudget,
  withCache,
  withConcurrency,
  withLedger,
  withRetry,
} from "../sdk/llm/index.js";
import { startOpenAIServer } from "../sdk/testing/index.js";

const argIndex = process.argv.indexOf("--calls");
const CALLS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 3000;
const CONCURRENCY = 64;
const THROUGHPUT_REQUESTS = CALLS * 2;

const request: ChatRequest = {
  system: "You are terse.",
  messages: [{ role: "user", content: "Say ok." }],
  metadata: { node: "bench" },
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: samples.length };
}

async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function throughput(fn: () => Promise<unknown>, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - start) / 1000);
}

async function main() {
  const server = await startOpenAIServer(() => ({ text: "ok", usage: { inputTokens: 12, outputTokens: 1 } }));
  const apiKey = "sk-bench-not-a-real-key";
  const bare = new OpenAI({ apiKey, baseURL: server.baseURL, maxRetries: 0 });
  const bareCall = () =>
    bare.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "Say ok." },
      ],
    });
  const ledger = createLedger();
  const ours: ChatModel = withConcurrency(
    withBudget(
      withLedger(
        withRetry(createModel("openai:gpt-4o-mini", { apiKey, baseURL: server.baseURL, maxRetries: 0 })),
        ledger,
      ),
      {
        maxUsd: 1e9,
        ledger,
      },
    ),
    CONCURRENCY,
  );
  const oursCall = () => ours.generate(request);

  // Warm up both paths (JIT, keep-alive sockets).
  for (let i = 0; i < 300; i++) {
    await bareCall();
    await oursCall();
  }

  // 1. Sequential, interleaved so drift hits both sides equally.
  const bareTimes: number[] = [];
  const ourTimes: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    if (i % 2 === 0) {
      bareTimes.push(await timeOnce(bareCall));
      ourTimes.push(await timeOnce(oursCall));
    } else {
      ourTimes.push(await timeOnce(oursCall));
      bareTimes.push(await timeOnce(bareCall));
    }
  }
  const bareStats = stats(bareTimes);
  const ourStats = stats(ourTimes);

  // 2. Replay-cache hits.
  const dir = await mkdtemp(join(tmpdir(), "hyperagents-bench-llm-"));
  const base = createModel("openai:gpt-4o-mini", { apiKey, baseURL: server.baseURL });
  await withCache(base, { dir, mode: "record" }).generate(request);
  const replay = withLedger(withCache(base, { dir, mode: "replay" }), ledger);
  for (let i = 0; i < 500; i++) await replay.generate(request);
  const replayTimes: number[] = [];
  for (let i = 0; i < CALLS; i++) replayTimes.push(await timeOnce(() => replay.generate(request)));
  const replayStats = stats(replayTimes);
  await rm(dir, { recursive: true, force: true });

  // 3. Throughput with 64 in flight, alternating rounds, best of two each.
  const bareRps: number[] = [];
  const ourRps: number[] = [];
  for (let round = 0; round < 2; round++) {
    bareRps.push(await throughput(bareCall, THROUGHPUT_REQUESTS, CONCURRENCY));
    ourRps.push(await throughput(oursCall, THROUGHPUT_REQUESTS, CONCURRENCY));
  }
  await server.close();

  const overheadP50 = ourStats.p50 - bareStats.p50;
  const overheadP99 = ourStats.p99 - bareStats.p99;
  const bestBare = Math.max(...bareRps);
  const bestOurs = Math.max(...ourRps);
  const results = {
    benchmark: "llm",
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    calls: CALLS,
    latencyMs: {
      bareSdk: bareStats,
      modelLayer: ourStats,
      overheadP50: overheadP50,
      overheadP99: overheadP99,
      goalOverheadP50: 1,
    },
    replayHitMs: { ...replayStats, goalP50: 0.2 },
    throughput: {
      concurrency: CONCURRENCY,
      requests: THROUGHPUT_REQUESTS,
      bareSdkRps: bestBare,
      modelLayerRps: bestOurs,
      ratio: bestOurs / bestBare,
    },
  };

  const f = (n: number) => n.toFixed(3);
  console.log(
    `\nmodel layer benchmark (${CALLS} calls, local OpenAI stub, ${results.cpu}, node ${process.version})\n`,
  );
  console.log("measure                          p50 ms     p99 ms     goal");
  console.log(
    `bare openai SDK call             ${f(bareStats.p50).padStart(8)}   ${f(bareStats.p99).padStart(8)}`,
  );
  console.log(
    `model layer call                 ${f(ourStats.p50).padStart(8)}   ${f(ourStats.p99).padStart(8)}`,
  );
  console.log(
    `overhead (layer - bare)          ${f(overheadP50).padStart(8)}   ${f(overheadP99).padStart(8)}   < 1 ms p50 ${overheadP50 < 1 ? "ok" : "MISSED"}`,
  );
  console.log(
    `replay-cache hit                 ${f(replayStats.p50).padStart(8)}   ${f(replayStats.p99).padStart(8)}   < 0.2 ms p50 ${replayStats.p50 < 0.2 ? "ok" : "MISSED"}`,
  );
  console.log(`\nthroughput, ${CONCURRENCY} in flight     req/s`);
  console.log(`bare openai SDK                  ${bestBare.toFixed(0).padStart(8)}`);
  console.log(
    `model layer                      ${bestOurs.toFixed(0).padStart(8)}   ratio ${(bestOurs / bestBare).toFixed(3)}`,
  );

  const out = join(dirname(fileURLToPath(import.meta.url)), "results", "llm.json");
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${out}`);
}

await main();
