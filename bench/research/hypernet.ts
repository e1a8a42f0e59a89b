/**
 * research/hypernet: monolithic vs hypernetwork policies on Tabletop-2D, and the hypernetwork's
 * normalisation and initialisation ablations. Each configuration trains by behaviour cloning on
 * the task's canonical data with 3 seeds; its policies run closed loop on the held-out
 * instructions' hidden evaluation seeds (the task's evaluate.ts) and on the training instructions
 * (own seeds). Also: per-step latency of each activated policy at batch 1 (plain JS, as the
 * evaluator runs it, and TensorFlow.js), and the hypernetwork's once-per-episode generation cost.
 * Writes bench/results/research-hypernet.json and prints a markdown table.
 * Run: npm run bench:research -- hypernet [--quick]
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
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

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const { tf, backend } = await loadTensorFlow();
  const splits = generate(DATA_SEED);
  const groups = groupFrames(splits.train);
  const budget = quick ? SMOKE_TRAINING : FULL_TRAINING;
  const configs: [string, ModelConfig][] = [
    ["monolithic (naive)", MONOLITHIC_MODEL],
    ...Object.entries(ABLATIONS),
    ["monolithic 3x256 (over the cap)", LARGE_MONOLITHIC_MODEL],
  ];
  const results: ConfigResult[] = [];
  let evaluatorScore = Number.NaN;
  const latencies: Record<
    string,
    { jsMs: number; tfMs: number; generateMs: number; activatedParams: number }
  > = {};
  for (const [name, config] of configs) {
    const result: ConfigResult = {
      name,
      activatedParams: 0,
      underCap: true,
      heldOut: [],
      seen: [],
      trainSeconds: [],
      finalLoss: [],
    };
    for (const seed of SEEDS) {
      const start = performance.now();
      const trained = trainModel(tf, groups, config, { ...budget, seed });
      result.trainSeconds.push((performance.now() - start) / 1000);
      result.finalLoss.push(trained.finalLoss);
      const policy = trained.export(["push the red block to the top"])[0]!;
      result.activatedParams = parameterCount(policy);
      result.underCap = result.activatedParams <= PARAM_CAP;
      result.heldOut.push(heldOutScore(trained, splits));
      result.seen.push(seenScore(trained, groups));
      if (seed === SEEDS[0] && name === "hypernet (reference)")
        evaluatorScore = submissionScore(trained, splits);
      if (seed === SEEDS[0] && (name.startsWith("monolithic") || name === "hypernet (reference)"))
        latencies[name] = { ...latency(tf, trained, policy), activatedParams: result.activatedParams };
      tf.dispose(trained.model.variables);
      console.error(
        `${name} seed ${seed}: held-out ${pct(result.heldOut.at(-1)!)}%, seen ${pct(result.seen.at(-1)!)}%`,
      );
    }
    results.push(result);
  }

  const lines = [
    `| configuration | activated params | held-out success % (95% CI, 3 seeds) | training-instruction success % | train s/seed |`,
    "|---|---|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.activatedParams.toLocaleString("en")}${r.underCap ? "" : " (over cap)"} | ${interval(r.heldOut)} | ${interval(r.seen)} | ${meanInterval(r.trainSeconds).mean.toFixed(1)} |`,
    ),
    "",
    "| policy | activated params | ms/step JS (evaluator) | ms/step tfjs | ms/episode to generate (once) |",
    "|---|---|---|---|---|",
    ...Object.entries(latencies).map(
      ([name, l]) =>
        `| ${name} | ${l.activatedParams.toLocaleString("en")} | ${l.jsMs.toFixed(4)} | ${l.tfMs.toFixed(3)} | ${l.generateMs.toFixed(3)} |`,
    ),
  ];
  const report = {
    task: "research/hypernet",
    quick,
    dataSeed: DATA_SEED,
    seeds: SEEDS,
    training: budget,
    machine: { loadavg: os.loadavg()[0], cpus: os.cpus().length, node: process.version, backend },
    results: results.map((r) => ({
      ...r,
      heldOutMean: meanInterval(r.heldOut),
      seenMean: meanInterval(r.seen),
    })),
    latency: latencies,
    evaluatorCheck: { config: "hypernet (reference)", seed: 0, HeldOutSuccess: evaluatorScore },
    table: lines.join("\n"),
  };
  const out = fileURLToPath(
    new URL(`../results/research-hypernet${quick ? "-quick" : ""}.json`, import.meta.url),
  );
  await mkdir(fileURLToPath(new URL("../results/", import.meta.url)), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(lines.join("\n"));
  console.log(`\nreference through evaluate.ts (seed 0): ${pct(evaluatorScore)}%; wrote ${out}`);
}
