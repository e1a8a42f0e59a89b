/**
 * DéjàQ §4: does learnability-driven sampling teach a learning student more than a static
 * problem set or uniform resampling, for the same training budget? The student is the small
 * TF.js policy of tasks/dejaq/learner (it picks each number's operation from the words, trained
 * by group-baseline policy gradient on the exact-answer reward): a real learner, not the
 * simulated one. Each curriculum trains a fresh student from the same initial weights per seed;
 * at checkpoints the greedy student is scored on fixed sets (seed templates, +1 and +2 clauses,
 * held-out templates) and the tail accuracy CVaR_0.1 over templates.
 *
 * Run: npm run bench:dejaq [-- --steps N --seeds N]   Writes bench/results/dejaq.json.
 */
import { writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deriveSeed, seededRandom } from "../sdk/internal/random.js";
import { meanInterval, pairedDifference } from "../sdk/internal/stats.js";
import { loadTensorFlow } from "../sdk/numeric/index.js";
import { cvar } from "../tasks/dejaq/eval-metrics.js";
import {
  EVAL_SETS,
  type EvalSet,
  evalProblem,
  SEED_TEMPLATES,
  setTemplates,
} from "../tasks/dejaq/eval-sets.js";
import { CURRICULA, type CurriculumName, createCurriculum } from "../tasks/dejaq/learner/curricula.js";
import {
  createPolicy,
  greedyCorrect,
  type LearnerProblem,
  sampleSuccesses,
  trainStep,
} from "../tasks/dejaq/learner/index.js";
import { problemText } from "../tasks/dejaq/problem.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const STEPS = arg("steps", 400);
const SEEDS = arg("seeds", 3);
const BATCH = arg("batch", 16);
const GROUP = arg("group", 8);
const EVERY = arg("every", 50);

interface EvalItem extends LearnerProblem {
  set: EvalSet;
  template: string;
}

/** The fixed evaluation problems: every seed template × 3 draws (and its +1/+2 clause versions), held-out × 10. */
function evaluationItems(): EvalItem[] {
  const items: EvalItem[] = [];
  for (const set of EVAL_SETS) {
    const draws = set === "held-out" ? 10 : 3;
    for (const template of setTemplates(set)) {
      for (let seed = 0; seed < draws; seed++) {
        const problem = evalProblem(set, template, 10_000 + seed);
        if (problem)
          items.push({ set, template: template.id, text: problemText(problem), answer: problem.answer });
      }
    }
  }
  return items;
}

interface Checkpoint {
  step: number;
  accuracy: Record<EvalSet, number>;
  cvar10: number;
}

function score(correct: boolean[], items: EvalItem[], step: number): Checkpoint {
  const accuracy = {} as Record<EvalSet, number>;
  for (const set of EVAL_SETS) {
    const own = items.map((item, i) => ({ item, ok: correct[i]! })).filter(({ item }) => item.set === set);
    accuracy[set] = own.filter(({ ok }) => ok).length / own.length;
  }
  const byTemplate = new Map<string, { ok: number; n: number }>();
  items.forEach((item, i) => {
    const t = byTemplate.get(item.template) ?? { ok: 0, n: 0 };
    t.ok += correct[i] ? 1 : 0;
    t.n++;
    byTemplate.set(item.template, t);
  });
  return {
    step,
    accuracy,
    cvar10: cvar(
      [...byTemplate.values()].map((t) => t.ok / t.n),
      0.1,
    ),
  };
}

async function runOne(
  tf: Awaited<ReturnType<typeof loadTensorFlow>>["tf"],
  name: CurriculumName,
  seed: number,
  items: EvalItem[],
) {
  const policy = createPolicy(tf, { seed, learningRate: 0.01 });
  const curriculum = createCurriculum(name, { templates: SEED_TEMPLATES, seed });
  const random = seededRandom(deriveSeed(seed, "train", name));
  const probeRandom = seededRandom(deriveSeed(seed, "probe", name));
  const checkpoints: Checkpoint[] = [score(greedyCorrect(policy, items), items, 0)];
  let trainSuccess = 0;
  let batchLearnability = 0;
  const started = performance.now();
  try {
    for (let step = 1; step <= STEPS; step++) {
      const batch = curriculum.batch(BATCH, random);
      const { successes } = trainStep(policy, batch, GROUP, random);
      curriculum.observe(batch, successes, GROUP, step);
      const rates = successes.map((s) => s / GROUP);
      trainSuccess += rates.reduce((a, b) => a + b, 0) / rates.length;
      batchLearnability += rates.reduce((a, p) => a + p * (1 - p), 0) / rates.length;
      curriculum.grow(
        step,
        random,
        (problems) => sampleSuccesses(policy, problems, GROUP, probeRandom).successes,
        GROUP,
      );
      if (step % EVERY === 0 || step === STEPS)
        checkpoints.push(score(greedyCorrect(policy, items), items, step));
    }
  } finally {
    policy.dispose();
  }
  return {
    curriculum: name,
    seed,
    checkpoints,
    final: checkpoints[checkpoints.length - 1]!,
    meanTrainSuccess: trainSuccess / STEPS,
    meanBatchLearnability: batchLearnability / STEPS,
    curriculumStats: curriculum.stats(),
    wallMs: Math.round(performance.now() - started),
  };
}

type Run = Awaited<ReturnType<typeof runOne>>;

/** Sample efficiency: the mean over checkpoints after step 0 of the accuracy on the three in-distribution sets. */
const pooled = (c: Checkpoint) =>
  (c.accuracy.seed + c.accuracy["perturbed-1"] + c.accuracy["perturbed-2"]) / 3;

function auc(run: Run): number {
  const later = run.checkpoints.slice(1);
  return later.reduce((sum, c) => sum + pooled(c), 0) / Math.max(1, later.length);
}
const fmt = (e: { mean: number; ci: [number, number] }) =>
  `${e.mean.toFixed(3)} [${e.ci[0].toFixed(3)}, ${e.ci[1].toFixed(3)}]`;

function summarise(runs: Run[]) {
  const metric = (run: Run, key: EvalSet | "cvar10" | "auc" | "early") =>
    key === "cvar10"
      ? run.final.cvar10
      : key === "auc"
        ? auc(run)
        : key === "early"
          ? pooled(run.checkpoints[1] ?? run.final)
          : run.final.accuracy[key];
  const keys = [...EVAL_SETS, "cvar10", "auc", "early"] as const;
  const table = CURRICULA.map((name) => {
    const own = runs.filter((r) => r.curriculum === name).sort((a, b) => a.seed - b.seed);
    const row: Record<string, unknown> = { curriculum: name };
    for (const key of keys) row[key] = meanInterval(own.map((r) => metric(r, key)));
    row.batchLearnability = meanInterval(own.map((r) => r.meanBatchLearnability));
    row.trainSuccess = meanInterval(own.map((r) => r.meanTrainSuccess));
    return row;
  });
  const differences: Record<string, unknown> = {};
  const base = runs.filter((r) => r.curriculum === "learnability").sort((a, b) => a.seed - b.seed);
  for (const other of ["uniform", "static"] as const) {
    const against = runs.filter((r) => r.curriculum === other).sort((a, b) => a.seed - b.seed);
    differences[`learnability - ${other}`] = Object.fromEntries(
      keys.map((key) => [
        key,
        pairedDifference(
          base.map((r) => metric(r, key)),
          against.map((r) => metric(r, key)),
        ),
      ]),
    );
  }
  return { table, differences };
}

const { tf, backend } = await loadTensorFlow({ backend: "cpu" });
const items = evaluationItems();
const runs: Run[] = [];
for (let seed = 1; seed <= SEEDS; seed++) {
  for (const name of CURRICULA) {
    const run = await runOne(tf, name, seed, items);
    runs.push(run);
    const a = run.final.accuracy;
    console.log(
      `seed ${seed} ${name.padEnd(12)} seed ${a.seed.toFixed(3)}  +1 ${a["perturbed-1"].toFixed(3)}  +2 ${a["perturbed-2"].toFixed(3)}  held-out ${a["held-out"].toFixed(3)}  CVaR10 ${run.final.cvar10.toFixed(3)}  (${(run.wallMs / 1000).toFixed(0)} s)`,
    );
  }
}
const { table, differences } = summarise(runs);
console.log(
  `\n${STEPS} steps x ${BATCH} problems x ${GROUP} rollouts, ${SEEDS} seeds; mean [95% t interval over seeds]\n`,
);
console.log(
  "| curriculum | seed templates | +1 clause | +2 clauses | held-out templates | CVaR 10% | accuracy over training | at the first checkpoint | batch p(1-p) |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const row of table) {
  const cell = (key: string) => fmt(row[key] as { mean: number; ci: [number, number] });
  console.log(
    `| ${row.curriculum} | ${cell("seed")} | ${cell("perturbed-1")} | ${cell("perturbed-2")} | ${cell("held-out")} | ${cell("cvar10")} | ${cell("auc")} | ${cell("early")} | ${cell("batchLearnability")} |`,
  );
}
for (const [name, diffs] of Object.entries(differences)) {
  const d = diffs as Record<string, { mean: number; ci: [number, number] }>;
  console.log(
    `${name}: ${Object.entries(d)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join("; ")}`,
  );
}
const out = join(dirname(fileURLToPath(import.meta.url)), "results", "dejaq.json");
await writeFile(
  out,
  `${JSON.stringify(
    {
      bench: "dejaq",
      config: {
        steps: STEPS,
        seeds: SEEDS,
        batch: BATCH,
        group: GROUP,
        every: EVERY,
        evalItems: items.length,
      },
      machine: { cpus: cpus().length, backend },
      table,
      differences,
      runs,
      at: new Date().toISOString(),
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${out}`);
