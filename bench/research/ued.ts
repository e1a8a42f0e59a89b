/**
 * research/ued benchmark (`npm run bench:research -- ued [--quick]`).
 * Task A: each regret score (random, PVL, MaxMC, MNA) ranks the task's level pool for the three
 * frozen students; Spearman with the exact regret and unsolvable top-10% picks, over 3 data seeds.
 * Task B: a PPO student trained under DR, PLR with each score, or DEGen-lite (MNA credit) for a
 * fixed number of student env steps,
 * scored by its zero-shot solve rate on the six hand-made held-out mazes (10 attempts each), 3
 * seeds. Means with 95% t intervals; writes bench/results/research-ued[-quick].json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deriveSeed, seededRandom } from "../../sdk/internal/random.js";
import { meanInterval, pairedDifference } from "../../sdk/internal/stats.js";
import { loadTensorFlow } from "../../sdk/numeric/index.js";
import type { Row } from "../../tasks/airs/format.js";
import {
  type Method,
  meanSolveRate,
  SCORE_NAMES,
  type ScoreName,
  scoreTrace,
  trainStudent,
} from "../../tasks/research/ued/curriculum.js";
import { trainDegen } from "../../tasks/research/ued/degen.js";
import { evaluate } from "../../tasks/research/ued/evaluate.js";
import { generate } from "../../tasks/research/ued/generate.js";
import { heldOutLevels } from "../../tasks/research/ued/heldout.js";
import { maxReturn, type Trace } from "../../tasks/research/ued/kit/scores.js";
import { LEVEL_9 } from "../../tasks/research/ued/levels.js";

const SEEDS = [1, 2, 3];
const DATA_SEEDS = [7, 8, 9];
const METHODS: readonly (Method | "degen")[] = ["dr", "pvl", "maxmc", "mna", "degen"];
const FULL = { updates: 150, envs: 16, steps: 128 };
const QUICK = { updates: 12, envs: 8, steps: 64 };

type Interval = { mean: number; ci: [number, number]; n: number };
const fmt = (s: Interval, digits = 3) =>
  `${s.mean.toFixed(digits)} [${s.ci[0].toFixed(digits)}, ${s.ci[1].toFixed(digits)}]`;
const say = (line: string) => process.stdout.write(`${line}\n`);

function toTrace(row: Row): Trace {
  return {
    rewards: row.rewards as number[],
    values: row.values as number[],
    dones: row.dones as number[],
    lastValue: Number(row.last_value),
  };
}

/** Task A on one data seed: every score's metrics. */
function taskA(seed: number): Record<ScoreName, Record<string, number>> {
  const { testWithLabels } = generate(seed);
  const random = seededRandom(deriveSeed(seed, "ued-bench-random"));
  const out = {} as Record<ScoreName, Record<string, number>>;
  for (const name of SCORE_NAMES) {
    const predictions = testWithLabels.map((row) => {
      const trace = toTrace(row);
      return { score: String(scoreTrace(name, trace, maxReturn(trace), random)) };
    });
    out[name] = evaluate(predictions, testWithLabels);
  }
  return out;
}

async function taskB(quick: boolean) {
  const { tf, backend } = await loadTensorFlow({ backend: "wasm" });
  const budget = quick ? QUICK : FULL;
  const held = heldOutLevels();
  const runs: {
    method: Method | "degen";
    seed: number;
    solveRate: number;
    perLevel: number[];
    seconds: number;
    replayUpdates: number;
  }[] = [];
  for (const seed of SEEDS) {
    for (const method of METHODS) {
      const started = performance.now();
      const result =
        method === "degen"
          ? {
              ...trainDegen({ tf, seed, ...budget, size: LEVEL_9.size, maxSteps: LEVEL_9.maxSteps }),
              replayUpdates: 0,
            }
          : trainStudent({ tf, method, seed, ...budget, levels: [LEVEL_9] });
      const { mean, perLevel } = meanSolveRate(
        held.map((h) => h.level),
        result.weights,
        10,
        seed,
      );
      const seconds = (performance.now() - started) / 1000;
      runs.push({ method, seed, solveRate: mean, perLevel, seconds, replayUpdates: result.replayUpdates });
      say(`  B seed ${seed} ${method.padEnd(6)} solve rate ${mean.toFixed(3)}  (${seconds.toFixed(0)} s)`);
    }
  }
  return {
    backend,
    budget,
    envSteps: budget.updates * budget.envs * budget.steps,
    runs,
    held: held.map((h) => h.name),
  };
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const started = performance.now();
  say(`research/ued benchmark${quick ? " (quick)" : ""}`);
  const seedsA = quick ? DATA_SEEDS.slice(0, 1) : DATA_SEEDS;
  const perSeed = seedsA.map((seed) => {
    say(`  A data seed ${seed}`);
    return taskA(seed);
  });
  const tableA = SCORE_NAMES.map((name) => ({
    score: name,
    spearman: meanInterval(perSeed.map((r) => r[name].Spearman!)),
    unsolvableTopK: meanInterval(perSeed.map((r) => r[name].UnsolvableTopK!)),
  }));
  const mnaMinusPvl = pairedDifference(
    perSeed.map((r) => r.mna.Spearman!),
    perSeed.map((r) => r.pvl.Spearman!),
  );
  const b = await taskB(quick);
  const tableB = METHODS.map((method) => ({
    method: method === "dr" ? "DR" : method === "degen" ? "DEGen-lite(mna)" : `PLR(${method})`,
    solveRate: meanInterval(b.runs.filter((r) => r.method === method).map((r) => r.solveRate)),
  }));
  say(`\nTask A: Spearman with exact regret, mean [95% t] over ${seedsA.length} data seed(s)`);
  say("| score | Spearman | unsolvable in top 10% |\n|---|---|---|");
  for (const row of tableA) say(`| ${row.score} | ${fmt(row.spearman)} | ${fmt(row.unsolvableTopK)} |`);
  say(`MNA − PVL (paired): ${fmt(mnaMinusPvl)}`);
  say(
    `\nTask B: zero-shot solve rate on ${b.held.length} held-out mazes after ${b.envSteps} env steps, ${SEEDS.length} seeds`,
  );
  say("| curriculum | solve rate |\n|---|---|");
  for (const row of tableB) say(`| ${row.method} | ${fmt(row.solveRate)} |`);
  const seconds = (performance.now() - started) / 1000;
  say(`\n${seconds.toFixed(0)} s on ${b.backend}`);
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? "unknown",
      load: os.loadavg()[0],
      node: process.version,
      backend: b.backend,
    },
    quick,
    seconds,
    taskA: { dataSeeds: seedsA, table: tableA, mnaMinusPvl, perSeed },
    taskB: {
      seeds: SEEDS,
      budget: b.budget,
      envSteps: b.envSteps,
      heldOut: b.held,
      table: tableB,
      runs: b.runs,
    },
  };
  const dir = fileURLToPath(new URL("../results/", import.meta.url));
  await mkdir(dir, { recursive: true });
  const out = path.join(dir, quick ? "research-ued-quick.json" : "research-ued.json");
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  say(`wrote ${out}`);
}
