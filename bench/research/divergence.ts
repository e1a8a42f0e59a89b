/**
 * research/divergence benchmark (`npm run bench:research -- divergence [--quick]`).
 * Part A: the task's score (divergence probability over the evaluation conditions and hidden seeds
 * of data seed 7) for the plain and the mitigated recipe: the metadata's worst and SOTA figures.
 * Part B: P(diverge) against peak learning rate × noise, with and without the mitigations, 3 seeds
 * per cell, 95% Wilson intervals; with the proxies (peak attention logit, held-out loss,
 * detector-only divergences, spikes). Writes bench/results/research-divergence[-quick].json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { loadTensorFlow } from "../../sdk/numeric/index.js";
import { evaluateRecipes } from "../../tasks/research/divergence/evaluate.js";
import { generate } from "../../tasks/research/divergence/generate.js";
import {
  type Condition,
  FULL,
  failureRate,
  type RunOutcome,
  runCondition,
  SMOKE,
} from "../../tasks/research/divergence/kit/experiment.js";
import type { Noise } from "../../tasks/research/divergence/kit/noise.js";
import { MITIGATED_RECIPE, PLAIN_RECIPE, type Recipe } from "../../tasks/research/divergence/kit/recipe.js";
import { wilsonInterval } from "../../tasks/research/divergence/kit/wilson.js";

const SEEDS = [1, 2, 3];
const DATA_SEED = 7;
const RECIPES: Record<string, Recipe> = { plain: PLAIN_RECIPE, mitigated: MITIGATED_RECIPE };
const NOISES: Record<string, Noise> = {
  clean: { mode: "overwrite", noiseVocab: 1, fraction: 0 },
  "insertion V_N=1 α=0.3": { mode: "insertion", noiseVocab: 1, fraction: 0.3 },
  "insertion V_N=32 α=0.3": { mode: "insertion", noiseVocab: 32, fraction: 0.3 },
};
const say = (line: string) => process.stdout.write(`${line}\n`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pct = (p: { p: number; low: number; high: number; successes: number; n: number }) =>
  `${p.successes}/${p.n} = ${p.p.toFixed(2)} [${p.low.toFixed(2)}, ${p.high.toFixed(2)}]`;

interface Cell {
  lr: number;
  noise: string;
  recipe: string;
  failures: ReturnType<typeof wilsonInterval>;
  detectorDivergences: number;
  spikes: number;
  meanPeakAttnLogit: number;
  meanHeldOutLoss: number;
  meanCleanLoss: number;
  runs: RunOutcome[];
}

function summarise(lr: number, noise: string, recipe: string, runs: RunOutcome[]): Cell {
  const finite = (xs: number[]) => xs.filter(Number.isFinite);
  return {
    lr,
    noise,
    recipe,
    failures: failureRate(runs),
    detectorDivergences: runs.filter((r) => r.diverged).length,
    spikes: runs.reduce((a, r) => a + r.spikes, 0),
    meanPeakAttnLogit: mean(runs.map((r) => r.peakAttnLogit)),
    meanHeldOutLoss: mean(finite(runs.map((r) => r.heldOutLoss))),
    meanCleanLoss: mean(finite(runs.map((r) => r.cleanLoss))),
    runs,
  };
}

async function taskScores(quick: boolean) {
  const labels = generate(DATA_SEED).testWithLabels;
  const out: Record<
    string,
    { probability: ReturnType<typeof wilsonInterval>; perCondition: Record<string, number> }
  > = {};
  for (const [name, recipe] of Object.entries(RECIPES)) {
    const runs = await evaluateRecipes(
      labels.map(() => recipe),
      labels,
      quick ? SMOKE : FULL,
    );
    const flat = runs.flat();
    out[name] = {
      probability: wilsonInterval(flat.filter((r) => r.failed).length, flat.length),
      perCondition: Object.fromEntries(
        labels.map((row, i) => [String(row.condition), runs[i]!.filter((r) => r.failed).length]),
      ),
    };
    process.stderr.write(`task score ${name}: ${pct(out[name]!.probability)}\n`);
  }
  return out;
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const size = quick ? SMOKE : FULL;
  const lrs = quick ? [0.01, 0.3] : [0.03, 0.1, 0.3];
  const noises = quick ? Object.entries(NOISES).slice(0, 2) : Object.entries(NOISES);
  const { tf, backend } = await loadTensorFlow();
  const started = Date.now();
  const task = await taskScores(quick);
  const cells: Cell[] = [];
  for (const lr of lrs)
    for (const [noiseName, noise] of noises)
      for (const [recipeName, recipe] of Object.entries(RECIPES)) {
        const condition: Condition = { id: `${lr}-${noiseName}`, lr, noise };
        const cell = summarise(lr, noiseName, recipeName, runCondition(tf, size, condition, recipe, SEEDS));
        cells.push(cell);
        process.stderr.write(`lr ${lr} ${noiseName} ${recipeName}: ${pct(cell.failures)}\n`);
      }
  const minutes = (Date.now() - started) / 60_000;
  say(`## research/divergence${quick ? " (quick, smoke size)" : ""}: P(diverge) with 95% Wilson intervals`);
  say("");
  say(`Task score (data seed ${DATA_SEED}, ${generate(DATA_SEED).test.length} conditions × 3 hidden seeds):`);
  for (const [name, s] of Object.entries(task)) say(`- ${name}: ${pct(s.probability)}`);
  say("");
  say(
    "| peak LR | noise | recipe | P(diverge) [95% Wilson] | detector | spikes | peak attn logit | held-out loss | clean loss |",
  );
  say("|---|---|---|---|---|---|---|---|---|");
  for (const c of cells)
    say(
      `| ${c.lr} | ${c.noise} | ${c.recipe} | ${pct(c.failures)} | ${c.detectorDivergences} | ${c.spikes} | ${c.meanPeakAttnLogit.toFixed(1)} | ${c.meanHeldOutLoss.toFixed(3)} | ${c.meanCleanLoss.toFixed(3)} |`,
    );
  say("");
  say(`${minutes.toFixed(1)} min; backend ${backend}; load ${os.loadavg()[0]!.toFixed(2)}`);
  const result = {
    benchmark: "research-divergence",
    quick,
    size,
    seeds: SEEDS,
    taskScores: task,
    cells,
    minutes,
    machine: { load: os.loadavg()[0], cpus: os.cpus().length, node: process.version, backend },
    date: new Date().toISOString(),
  };
  const dir = fileURLToPath(new URL("../results/", import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(
    `${dir}research-divergence${quick ? "-quick" : ""}.json`,
    `${JSON.stringify(result, null, 2)}\n`,
  );
}
