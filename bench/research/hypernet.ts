/**
 * research/hypernet: monolithic vs hypernetwork policies on Tabletop-2D, and the hypernetwork's
 * normalisation and initialisation ablations. Each configuration trains by behaviour cloning on
 * the task's canonical data with 3 seeds; its policies run closed loop on the held-out
 * instructions' hidden evaluation seeds (the task's evaluate.ts) and on the training instructions
 * (own seeds). Also: per-step latency of each activated policy at batch 1 (plain JS, as the
 * evaluator runs it, and TensorFlow.js), and the hypernetwork's once-per-episode generation cost.
 * Each (configuration, seed) trains in its own process, `--jobs N` at a time (default 2: tfjs-wasm
 * uses one core); finished ones are kept in the temp folder, so an interrupted run resumes.
 * Writes bench/results/research-hypernet.json and prints a markdown table.
 * Run: npm run bench:research -- hypernet [--quick] [--jobs N]
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { meanInterval } from "../../sdk/internal/stats.js";
import { loadTensorFlow, type TF } from "../../sdk/numeric/load-tensorflow.js";
import { evaluate } from "../../tasks/research/hypernet/evaluate.js";
import { generate } from "../../tasks/research/hypernet/generate.js";
import { successRate } from "../../tasks/research/hypernet/kit/evaluate-policy.js";
import { parseInstruction } from "../../tasks/research/hypernet/kit/instructions.js";
import {
  controller,
  PARAM_CAP,
  type PolicyWeights,
  parameterCount,
} from "../../tasks/research/hypernet/kit/policy.js";
import { policyForward } from "../../tasks/research/hypernet/model/base-policy.js";
import {
  ABLATIONS,
  FULL_TRAINING,
  LARGE_MONOLITHIC_MODEL,
  MONOLITHIC_MODEL,
  type ModelConfig,
  SMOKE_TRAINING,
} from "../../tasks/research/hypernet/model/config.js";
import { groupFrames, type InstructionFrames } from "../../tasks/research/hypernet/model/demonstrations.js";
import { oneHotWords } from "../../tasks/research/hypernet/model/instruction-encoder.js";
import { type TrainedModel, trainModel } from "../../tasks/research/hypernet/model/train.js";

const DATA_SEED = 11;
const SEEDS = [0, 1, 2];
const SEEN_EPISODES = 20;

interface ConfigResult {
  name: string;
  activatedParams: number;
  underCap: boolean;
  heldOut: number[];
  seen: number[];
  trainSeconds: number[];
  finalLoss: number[];
}

/** Milliseconds per call of `fn`, after a warm-up, over at least `minMs`. */
function msPerCall(fn: () => void, minMs = 300): number {
  for (let i = 0; i < 20; i++) fn();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || calls < 20) {
    fn();
    calls++;
  }
  return (performance.now() - start) / calls;
}

function heldOutScore(trained: TrainedModel, splits: ReturnType<typeof generate>): number {
  const test = splits.test.map((row) => String(row.instruction));
  const policies = trained.export(test);
  // The evaluator's own closed loop (cap checks aside: the large monolith is over the cap by design).
  return (
    splits.testWithLabels.reduce(
      (sum, label, i) =>
        sum +
        successRate(
          controller(policies[i]!),
          parseInstruction(String(label.instruction)),
          Number(label.eval_seed),
          Number(label.episodes),
        ),
      0,
    ) / test.length
  );
}

function seenScore(trained: TrainedModel, groups: readonly InstructionFrames[]): number {
  const seen = groups.map((g) => g.instruction);
  const policies = trained.export(seen);
  return (
    seen.reduce(
      (sum, text, i) =>
        sum + successRate(controller(policies[i]!), parseInstruction(text), 1000 + i, SEEN_EPISODES),
      0,
    ) / seen.length
  );
}

/** The submission path itself: the policies as CSV cells through the task's evaluator (cap checked). */
function submissionScore(trained: TrainedModel, splits: ReturnType<typeof generate>): number {
  const test = splits.test.map((row) => String(row.instruction));
  const rows = trained
    .export(test)
    .map((policy, i) => ({ instruction: test[i], policy: JSON.stringify(policy) }));
  return evaluate(rows, splits.testWithLabels).HeldOutSuccess;
}

/** Per-step latency of one exported policy at batch 1: plain JS and TensorFlow.js. */
function latency(
  tf: TF,
  trained: TrainedModel,
  policy: PolicyWeights,
): { jsMs: number; tfMs: number; generateMs: number } {
  const obs = Array.from({ length: 12 }, (_, i) => Math.sin(i) * 0.5);
  const run = controller(policy);
  const jsMs = msPerCall(() => run(obs));
  const words = oneHotWords(tf, ["push the red block to the top"]);
  const params = trained.model.policies(words, 1);
  const frame = tf.tensor3d(obs, [1, 1, 12]);
  const tfMs = msPerCall(() => tf.tidy(() => policyForward(tf, params, frame).dataSync()));
  const generateMs = msPerCall(() => tf.tidy(() => trained.model.policies(words, 1).kernels[0]!.dataSync()));
  tf.dispose([
    words,
    frame,
    ...[...params.kernels, ...params.biases].filter((t) => !(t instanceof tf.Variable)),
  ]);
  return { jsMs, tfMs, generateMs };
}

const pct = (x: number) => (100 * x).toFixed(1);
const interval = (values: readonly number[]) => {
  const { mean, ci } = meanInterval(values);
  return `${pct(mean)} [${pct(ci[0])}, ${pct(ci[1])}]`;
};

interface SeedResult {
  heldOut: number;
  seen: number;
  trainSeconds: number;
  finalLoss: number;
  activatedParams: number;
  /** The reference's seed-0 policies through evaluate.ts, as a submission is scored. */
  evaluatorScore?: number;
}

const CONFIGS: [string, ModelConfig][] = [
  ["monolithic (naive)", MONOLITHIC_MODEL],
  ...Object.entries(ABLATIONS),
  ["monolithic 3x256 (over the cap)", LARGE_MONOLITHIC_MODEL],
];
const LATENCY_CONFIGS = ["monolithic (naive)", "hypernet (reference)", "monolithic 3x256 (over the cap)"];
const RESULT_MARK = "@@result ";

/** One configuration and seed: train, then held-out and training-instruction success. */
function runOne(tf: TF, name: string, seed: number, quick: boolean): SeedResult {
  const config = CONFIGS.find(([n]) => n === name)?.[1];
  if (config === undefined) throw new Error(`no configuration "${name}"`);
  const splits = generate(DATA_SEED);
  const groups = groupFrames(splits.train);
  const start = performance.now();
  const trained = trainModel(tf, groups, config, { ...(quick ? SMOKE_TRAINING : FULL_TRAINING), seed });
  const trainSeconds = (performance.now() - start) / 1000;
  const result: SeedResult = {
    heldOut: heldOutScore(trained, splits),
    seen: seenScore(trained, groups),
    trainSeconds,
    finalLoss: trained.finalLoss,
    activatedParams: parameterCount(trained.export(["push the red block to the top"])[0]!),
  };
  if (name === "hypernet (reference)" && seed === SEEDS[0])
    result.evaluatorScore = submissionScore(trained, splits);
  return result;
}

/** Runs one (configuration, seed) in a child process (tfjs-wasm is single-threaded: one core each). */
function spawnOne(name: string, seed: number, quick: boolean): Promise<SeedResult> {
  const self = import.meta.url;
  const code = `const m = await import(${JSON.stringify(self)}); await m.run(${JSON.stringify(["--worker", name, String(seed), ...(quick ? ["--quick"] : [])])});`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || line === undefined) reject(new Error(`${name} seed ${seed} failed (exit ${code})`));
      else resolve(JSON.parse(line.slice(RESULT_MARK.length)) as SeedResult);
    });
  });
}

/**
 * A finished (configuration, seed) is kept in the temp folder, keyed by its budget and the
 * sources' mtime-free content hash, so an interrupted bench resumes instead of starting over.
 */
async function cachedCell(
  name: string,
  seed: number,
  quick: boolean,
  compute: () => Promise<SeedResult>,
): Promise<SeedResult> {
  const budget = JSON.stringify(quick ? SMOKE_TRAINING : FULL_TRAINING);
  const key = createHash("sha256")
    .update(`${name}\0${seed}\0${budget}\0${SOURCES_HASH}`)
    .digest("hex")
    .slice(0, 16);
  const file = join(tmpdir(), "hyperagents-bench-hypernet", `${key}.json`);
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as SeedResult;
  const result = await compute();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(result));
  return result;
}

/** A hash of the task folder's TypeScript sources (what a cached result depends on). */
const SOURCES_HASH = (() => {
  const root = fileURLToPath(new URL("../../tasks/research/hypernet/", import.meta.url));
  const hash = createHash("sha256");
  for (const dir of ["", "kit/", "model/"])
    for (const name of readdirSync(join(root, dir)).sort())
      if (name.endsWith(".ts") && !name.endsWith(".test.ts"))
        hash.update(readFileSync(join(root, dir, name)));
  return hash.digest("hex");
})();

/** Runs the tasks `jobs` at a time, in order. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  });
  await Promise.all(workers);
  return results;
}

/** Latency does not depend on the weights' values: measured on untrained models, with nothing else running. */
function latencies(
  tf: TF,
): Record<string, { jsMs: number; tfMs: number; generateMs: number; activatedParams: number }> {
  const groups = groupFrames(generate(DATA_SEED).train.slice(0, 24));
  const out: Record<string, { jsMs: number; tfMs: number; generateMs: number; activatedParams: number }> = {};
  for (const name of LATENCY_CONFIGS) {
    const config = CONFIGS.find(([n]) => n === name)![1];
    const trained = trainModel(tf, groups, config, { ...SMOKE_TRAINING, steps: 0, seed: 0 });
    const policy = trained.export(["push the red block to the top"])[0]!;
    out[name] = { ...latency(tf, trained, policy), activatedParams: parameterCount(policy) };
    tf.dispose(trained.model.variables);
  }
  return out;
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const { tf, backend } = await loadTensorFlow();
  if (args[0] === "--worker") {
    console.log(`${RESULT_MARK}${JSON.stringify(runOne(tf, args[1]!, Number(args[2]), quick))}`);
    return;
  }
  const jobsArg = args.indexOf("--jobs");
  const jobs = jobsArg >= 0 ? Number(args[jobsArg + 1]) : Math.max(1, Math.min(2, os.cpus().length));
  const started = performance.now();
  const cells = CONFIGS.flatMap(([name]) => SEEDS.map((seed) => ({ name, seed })));
  const done = await pool(
    cells.map(({ name, seed }) => async () => {
      const result = await cachedCell(name, seed, quick, () => spawnOne(name, seed, quick));
      console.error(`${name} seed ${seed}: held-out ${pct(result.heldOut)}%, seen ${pct(result.seen)}%`);
      return result;
    }),
    jobs,
  );
  const results: ConfigResult[] = CONFIGS.map(([name]) => {
    const mine = done.filter((_, i) => cells[i]!.name === name);
    const params = mine[0]?.activatedParams ?? 0;
    return {
      name,
      activatedParams: params,
      underCap: params <= PARAM_CAP,
      heldOut: mine.map((r) => r.heldOut),
      seen: mine.map((r) => r.seen),
      trainSeconds: mine.map((r) => r.trainSeconds),
      finalLoss: mine.map((r) => r.finalLoss),
    };
  });
  const evaluatorScore = done.find((r) => r.evaluatorScore !== undefined)?.evaluatorScore ?? Number.NaN;
  const latency = latencies(tf);
  const lines = [
    "| configuration | activated params | held-out success % (mean [95% CI], 3 seeds) | training-instruction success % | train s/seed |",
    "|---|---|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.activatedParams.toLocaleString("en")}${r.underCap ? "" : " (over cap)"} | ${interval(r.heldOut)} | ${interval(r.seen)} | ${meanInterval(r.trainSeconds).mean.toFixed(1)} |`,
    ),
    "",
    "| policy | activated params | ms/step, plain JS (as evaluated) | ms/step, tfjs | ms to generate, once per episode |",
    "|---|---|---|---|---|",
    ...Object.entries(latency).map(
      ([name, l]) =>
        `| ${name} | ${l.activatedParams.toLocaleString("en")} | ${l.jsMs.toFixed(4)} | ${l.tfMs.toFixed(3)} | ${l.generateMs.toFixed(3)} |`,
    ),
  ];
  const report = {
    task: "research/hypernet",
    quick,
    dataSeed: DATA_SEED,
    seeds: SEEDS,
    training: quick ? SMOKE_TRAINING : FULL_TRAINING,
    jobs,
    wallSeconds: (performance.now() - started) / 1000,
    machine: { loadavg: os.loadavg()[0], cpus: os.cpus().length, node: process.version, backend },
    results: results.map((r) => ({
      ...r,
      heldOutMean: meanInterval(r.heldOut),
      seenMean: meanInterval(r.seen),
    })),
    latency,
    evaluatorCheck: { config: "hypernet (reference)", seed: SEEDS[0], HeldOutSuccess: evaluatorScore },
    table: lines.join("\n"),
  };
  const dir = fileURLToPath(new URL("../results/", import.meta.url));
  const out = `${dir}research-hypernet${quick ? "-quick" : ""}.json`;
  await mkdir(dir, { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(lines.join("\n"));
  console.log(`\nreference (seed ${SEEDS[0]}) through evaluate.ts: ${pct(evaluatorScore)}%; wrote ${out}`);
}
