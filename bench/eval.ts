/**
 * What the eval runner costs per sample on top of calling the task directly: the same task
 * (one model call through the real openai client against the local stub server, scored on the
 * host) run N times by hand, and N times by `evaluateModels` (sample enumeration, the recording
 * model, one fsync'd JSONL line per sample, progress), sequentially (concurrency 1), in
 * alternating rounds so drift hits both sides.
 *
 * Run: npm run bench:eval [-- --samples N]   Writes bench/results/eval.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateModels } from "../evals/run-eval.js";
import { createModel } from "../sdk/llm/index.js";
import { startOpenAIServer } from "../sdk/testing/index.js";
import type { ModelEvaluation, ModelSample, Task } from "../tasks/task.js";

const argIndex = process.argv.indexOf("--samples");
const SAMPLES = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 200;
const ROUNDS = 5;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: samples.length };
}

/** A task whose sample is one question to the model, scored by its answer's length. */
const evaluation: ModelEvaluation = {
  async samples(request) {
    return Array.from({ length: request.limit ?? SAMPLES }, (_, i) => ({
      split: "test",
      instance: `q${i}`,
      seed: 0,
      input: { question: `What is ${i} + ${i}?` },
    }));
  },
  async run(sample, ctx) {
    const response = await ctx.model.generate({
      messages: [{ role: "user", content: (sample.input as { question: string }).question }],
    });
    return { score: response.text.length > 0 ? 1 : 0, answer: response.text };
  },
};
const task: Task = {
  id: "bench-question",
  description: "answer a sum",
  splits: ["test"],
  instances: async () => [],
  evaluate: async () => ({ score: 0 }),
  evaluateModel: evaluation,
};

async function main() {
  const server = await startOpenAIServer(() => ({ text: "ok", usage: { inputTokens: 12, outputTokens: 1 } }));
  const model = createModel("openai:gpt-4o-mini", {
    apiKey: "sk-bench-not-a-real-key",
    baseURL: server.baseURL,
  });
  const root = await mkdtemp(join(tmpdir(), "hyperagents-bench-eval-"));
  const direct: number[] = [];
  const runner: number[] = [];
  const samples = await evaluation.samples({ model, limit: SAMPLES, options: {} });
  // Warm up (JIT, keep-alive sockets).
  for (const sample of samples.slice(0, 50)) await evaluation.run(sample, { model, options: {} });
  for (let round = 0; round < ROUNDS; round++) {
    for (const sample of samples as ModelSample[]) {
      const started = performance.now();
      await evaluation.run(sample, { model, options: {} });
      direct.push(performance.now() - started);
    }
    let last = performance.now();
    await evaluateModels({
      tasks: [task],
      models: [{ model }],
      outDir: join(root, `round-${round}`),
      program: () => ({}),
      limit: SAMPLES,
      concurrency: 1,
      onSample: () => {
        const now = performance.now();
        runner.push(now - last);
        last = now;
      },
    });
  }
  await server.close();
  await rm(root, { recursive: true, force: true });
  const directStats = stats(direct);
  const runnerStats = stats(runner);
  const result = {
    benchmark: "eval",
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    loadavg: loadavg(),
    samplesPerRound: SAMPLES,
    rounds: ROUNDS,
    perSampleMs: {
      direct: directStats,
      runner: runnerStats,
      overheadP50: runnerStats.p50 - directStats.p50,
    },
    note: "runner = evaluateModels with one sample at a time (recording model, fsync'd log line); direct = the task's run() called in a loop; both through the real openai client against the local stub server",
  };
  const out = join(dirname(fileURLToPath(import.meta.url)), "results", "eval.json");
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `per sample p50: direct ${directStats.p50.toFixed(3)} ms, runner ${runnerStats.p50.toFixed(3)} ms, overhead ${result.perSampleMs.overheadP50.toFixed(3)} ms (load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")})`,
  );
}

await main();
