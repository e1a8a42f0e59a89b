/**
 * research/infusion benchmark (`npm run bench:research -- infusion [--quick]`). Per data seed
 * (3; the training seed varies with it): train the recipe's MLP on Blobs-8×8, fit EK-FAC, and run
 * each edit strategy on held-out blended probes (the task's design) and on plain probes with a
 * random other target (the paper's design). Every edit set is scored as the task's evaluator
 * scores it: one-epoch partial retraining, against the random-noise control of the same examples
 * and L∞ sizes. Reports means with 95% t intervals over all experiments, success and flip rates,
 * and influence fidelity: Pearson r between the influence-predicted change of log p(target) and
 * the realised one. Writes bench/results/research-infusion[-quick].json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { deriveSeed, seededRandom } from "../../sdk/internal/random.js";
import { meanInterval } from "../../sdk/internal/stats.js";
import { drawImage, drawProbe, prototypes } from "../../tasks/research/infusion/blobs.js";
import { trainingSet } from "../../tasks/research/infusion/generate.js";
import { nearestTargetPush, randomEdits } from "../../tasks/research/infusion/kit/baselines.js";
import type { Dataset, Edit } from "../../tasks/research/infusion/kit/data.js";
import { type Damping, fitEkfac, type LayerFactors } from "../../tasks/research/infusion/kit/ekfac.js";
import {
  randomNoiseEdits,
  runExperiment,
  type Trained,
  trainTask,
} from "../../tasks/research/infusion/kit/experiment.js";
import { infusionEdits, predictedChange } from "../../tasks/research/infusion/kit/infusion.js";
import { BUDGET, CLASSES, RECIPE, RETRAIN_EPOCHS } from "../../tasks/research/infusion/kit/recipe.js";

const SEEDS = [7, 8, 9];
const FULL = { seeds: SEEDS, blended: 20, plain: 10, steps: 50 };
const QUICK = { seeds: [7], blended: 4, plain: 2, steps: 20 };
const METHODS = [
  "infusion",
  "infusion-damping-1e-8",
  "identity-curvature",
  "nearest-target-push",
  "random",
] as const;
type Method = (typeof METHODS)[number];
/** The methods run on the paper-style plain probes too. */
const PLAIN_METHODS: readonly Method[] = ["infusion", "random"];

interface Probe {
  pixels: number[];
  target: number;
}

interface Outcome {
  seed: number;
  design: "blended" | "plain";
  probe: number;
  method: Method;
  clean: number;
  edited: number;
  random: number;
  deltaLogEdited: number;
  deltaLogRandom: number;
  flipped: boolean;
  /** Influence-predicted Δ log p(target) of the edits and of their random control (influence methods). */
  predicted?: number;
  predictedControl?: number;
}

type Interval = { mean: number; ci: [number, number]; n: number };
const fmt = (s: Interval, digits = 4) =>
  `${s.mean.toFixed(digits)} [${s.ci[0].toFixed(digits)}, ${s.ci[1].toFixed(digits)}]`;
const say = (line: string) => process.stdout.write(`${line}\n`);

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((v, i) => {
    ab += (v - ma) * (b[i]! - mb);
    aa += (v - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}

/** Plain probes: a fresh image of a class, and a random other class as the target. */
function plainProbes(seed: number, count: number): Probe[] {
  const protos = prototypes(seed);
  return Array.from({ length: count }, (_, i) => {
    const random = seededRandom(deriveSeed(seed, "bench-plain-probe", i));
    const label = Math.floor(random() * CLASSES);
    const target = (label + 1 + Math.floor(random() * (CLASSES - 1))) % CLASSES;
    return { pixels: drawImage(protos, label, random), target };
  });
}

interface Context {
  trained: Trained;
  data: Dataset;
  factors: LayerFactors[];
  steps: number;
}

/** One method's edits for one probe, with the influence prediction where it has one. */
function editsFor(ctx: Context, method: Method, probe: Probe, seed: number, noiseSeed: number) {
  const { trained, data, factors, steps } = ctx;
  if (method === "random") return { edits: randomEdits(data, BUDGET, seed) };
  if (method === "nearest-target-push")
    return { edits: nearestTargetPush(data, BUDGET, probe.pixels, probe.target) };
  const damping: Damping = method === "infusion-damping-1e-8" ? 1e-8 : "heuristic";
  const curvature =
    method === "identity-curvature"
      ? ({ kind: "identity" } as const)
      : ({ kind: "ekfac", factors, damping } as const);
  const result = infusionEdits(trained.final, data, probe.pixels, probe.target, {
    curvature,
    budget: BUDGET,
    alpha: (2 * BUDGET.epsilon) / steps,
    steps,
  });
  const control: Edit[] = randomNoiseEdits(data, result.edits, noiseSeed);
  return {
    edits: result.edits,
    predicted: result.predictedDelta,
    predictedControl: predictedChange(trained.final, data, control, result.ihvp),
  };
}

function runSeed(seed: number, config: typeof FULL): Outcome[] {
  const data = trainingSet(seed);
  const trained = trainTask(data, { ...RECIPE, seed: RECIPE.seed + seed }, RETRAIN_EPOCHS);
  const ctx: Context = { trained, data, factors: fitEkfac(trained.final, data, seed), steps: config.steps };
  const designs = [
    {
      design: "blended" as const,
      probes: Array.from({ length: config.blended }, (_, i) => drawProbe(seed, i)),
      methods: METHODS,
    },
    { design: "plain" as const, probes: plainProbes(seed, config.plain), methods: PLAIN_METHODS },
  ];
  const outcomes: Outcome[] = [];
  for (const { design, probes, methods } of designs) {
    probes.forEach((probe, p) => {
      const noiseSeed = deriveSeed(seed, "bench-noise", design, p);
      for (const method of methods) {
        const { edits, ...prediction } = editsFor(
          ctx,
          method,
          probe,
          deriveSeed(seed, method, design, p),
          noiseSeed,
        );
        const result = runExperiment(trained, probe.pixels, probe.target, edits, noiseSeed);
        outcomes.push({ seed, design, probe: p, method, ...result, ...prediction });
      }
    });
  }
  return outcomes;
}

function summarise(outcomes: readonly Outcome[]) {
  const of = (f: (o: Outcome) => number) => meanInterval(outcomes.map(f));
  return {
    n: outcomes.length,
    deltaP: of((o) => o.edited - o.clean),
    deltaPControl: of((o) => o.random - o.clean),
    deltaPVsControl: of((o) => o.edited - o.random),
    deltaLogP: of((o) => o.deltaLogEdited),
    successRate: of((o) => (o.edited > o.clean ? 1 : 0)),
    flipRate: of((o) => (o.flipped ? 1 : 0)),
  };
}

function fidelity(outcomes: readonly Outcome[]) {
  const scored = outcomes.filter((o) => o.predicted !== undefined && o.predictedControl !== undefined);
  const predicted = scored.map((o) => o.predicted!);
  const realised = scored.map((o) => o.deltaLogEdited);
  const both = [...predicted, ...scored.map((o) => o.predictedControl!)];
  const bothRealised = [...realised, ...scored.map((o) => o.deltaLogRandom)];
  return {
    n: scored.length,
    rEdits: pearson(predicted, realised),
    rEditsAndControls: pearson(both, bothRealised),
  };
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const config = quick ? QUICK : FULL;
  const started = performance.now();
  const outcomes: Outcome[] = [];
  for (const seed of config.seeds) {
    const t = performance.now();
    outcomes.push(...runSeed(seed, config));
    say(`seed ${seed}: ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  const rows = (["blended", "plain"] as const).flatMap((design) =>
    METHODS.filter((m) => design === "blended" || PLAIN_METHODS.includes(m)).map((method) => {
      const subset = outcomes.filter((o) => o.design === design && o.method === method);
      return {
        design,
        method,
        ...summarise(subset),
        ...(subset[0]?.predicted === undefined ? {} : { fidelity: fidelity(subset) }),
      };
    }),
  );
  const perSeed = config.seeds.map((seed) => ({
    seed,
    infusionVsControl: meanInterval(
      outcomes
        .filter((o) => o.seed === seed && o.design === "blended" && o.method === "infusion")
        .map((o) => o.edited - o.random),
    ),
  }));
  const seconds = (performance.now() - started) / 1000;
  say(
    `\n## research/infusion (${quick ? "quick" : "full"}): k = ${BUDGET.k} of 4500, ε = ${BUDGET.epsilon}, ${config.seeds.length} seeds\n`,
  );
  say(
    "| probes | method | n | Δp target | Δp control | Δp − control | success | flips | Δ log p | fidelity r |",
  );
  say("|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const fid =
      "fidelity" in r && r.fidelity !== undefined
        ? `${r.fidelity.rEdits.toFixed(2)} (${r.fidelity.rEditsAndControls.toFixed(2)} with controls)`
        : "–";
    say(
      `| ${r.design} | ${r.method} | ${r.n} | ${fmt(r.deltaP)} | ${fmt(r.deltaPControl)} | ${fmt(r.deltaPVsControl)} | ${(100 * r.successRate.mean).toFixed(0)}% | ${(100 * r.flipRate.mean).toFixed(0)}% | ${r.deltaLogP.mean.toFixed(3)} | ${fid} |`,
    );
  }
  say(
    `\nInfusion Δp − control per seed: ${perSeed.map((s) => `${s.seed}: ${fmt(s.infusionVsControl)}`).join("; ")}`,
  );
  say(
    `${seconds.toFixed(0)} s, plain float64 TypeScript (no TensorFlow.js backend), load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const result = {
    bench: "research-infusion",
    quick,
    config,
    budget: BUDGET,
    recipe: RECIPE,
    rows,
    perSeed,
    outcomes,
    seconds,
    machine: {
      load: os.loadavg()[0],
      cpus: os.cpus().length,
      node: process.version,
      backend: "plain-typescript-float64",
    },
    date: new Date().toISOString(),
  };
  const dir = fileURLToPath(new URL("../results/", import.meta.url));
  await mkdir(dir, { recursive: true });
  const out = `${dir}research-infusion${quick ? "-quick" : ""}.json`;
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  say(`wrote ${out}`);
}
