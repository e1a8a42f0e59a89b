/**
 * `npm run bench:airs-evolve`: DGM-H over the offline AIRS scaffold (agents/airs-offline) on the
 * whole bundled suite (task `airs`: train tasks for the meta agent's feedback, the val task for
 * selection, the test tasks for the final report), with the real engine, several seeds.
 *
 * Prints, per generation, the mean normalised score over the train tasks of the best node so far
 * (best by that same mean) and of the generation's own children; per task, the initial program's
 * and the final best node's normalised scores (unclipped, as the benchmark reports them).
 *
 * Env: BENCH_SEEDS (3), BENCH_GENERATIONS (3), BENCH_CHILDREN (2), BENCH_PARALLEL (2),
 * BENCH_VARIANTS (0): the program's `search.variants` for the run (run_solution tries per task;
 * each costs a solution run, so the default keeps a run short; the meta agent may raise it).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { evolve } from "../sdk/evolve/evolve.js";
import { openRunStore } from "../sdk/store/run-store.js";
import { suiteSplitOf } from "../tasks/airs/index.js";
import { airsSuiteTask } from "../tasks/airs/suite-task.js";

const SEEDS = Number(process.env.BENCH_SEEDS ?? 3);
const GENERATIONS = Number(process.env.BENCH_GENERATIONS ?? 3);
const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 2);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 2);
const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 0);
const PROGRAM = fileURLToPath(new URL("../agents/airs-offline/", import.meta.url));

const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const round = (x: number) => Math.round(x * 10_000) / 10_000;

interface NodeScores {
  id: string;
  generation: number;
  /** Task name -> normalised score (unclipped; 0 when invalid), any split. */
  perTask: Record<string, number>;
  trainMean: number;
}

/** Every node's normalised score per task, from the run's store. */
function nodeScores(runDir: string): NodeScores[] {
  const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
  const out: NodeScores[] = [];
  for (const node of store.nodes()) {
    const perTask: Record<string, number> = {};
    for (const e of store.evaluations(node.id)) {
      const details = (e.details ?? {}) as { valid?: boolean; normalizedScore?: number };
      perTask[e.instanceId] = details.valid === true ? (details.normalizedScore ?? 0) : 0;
    }
    const train = Object.entries(perTask).filter(([name]) => suiteSplitOf(name) === "train");
    if (train.length === 0) continue;
    out.push({ id: node.id, generation: node.generation, perTask, trainMean: mean(train.map(([, v]) => v)) });
  }
  store.close();
  return out;
}

/** Per generation: best train mean so far, and the mean over that generation's nodes. */
function curve(nodes: NodeScores[]) {
  const last = Math.max(0, ...nodes.map((n) => n.generation));
  return Array.from({ length: last + 1 }, (_, g) => {
    const upTo = nodes.filter((n) => n.generation <= g);
    const own = nodes.filter((n) => n.generation === g);
    const best = upTo.reduce((a, b) => (b.trainMean > a.trainMean ? b : a), upTo[0]!);
    return {
      generation: g,
      bestSoFar: best?.trainMean ?? Number.NaN,
      generationMean: mean(own.map((n) => n.trainMean)),
    };
  });
}

/** A copy of the shipped program with search.variants set for the bench. */
function programCopy(root: string): string {
  const dir = join(root, "program");
  cpSync(PROGRAM, dir, { recursive: true });
  const params = join(dir, "params.ts");
  writeFileSync(params, readFileSync(params, "utf8").replace(/variants: \d+,/, `variants: ${VARIANTS},`));
  return dir;
}

const root = mkdtempSync(join(tmpdir(), "ha-bench-airs-evolve-"));
const seeds: Record<string, unknown>[] = [];
const started = performance.now();
for (let seed = 1; seed <= SEEDS; seed++) {
  const runDir = join(root, `s${seed}`);
  const t0 = performance.now();
  const summary = await evolve({
    runDir,
    tasks: [airsSuiteTask()],
    agentDir: programCopy(join(root, `p${seed}`)),
    model: "offline",
    generations: GENERATIONS,
    children: CHILDREN,
    parallel: PARALLEL,
    seed,
    stageSize: 4,
    testInitial: true,
    limits: { task: { timeoutMs: 180_000 } },
  });
  const nodes = nodeScores(runDir);
  const initial = nodes.find((n) => n.id === "initial");
  const bestTrain = nodes.reduce((a, b) => (b.trainMean > a.trainMean ? b : a), nodes[0]!);
  const engineBest = nodes.find((n) => n.id === summary.bestNodeId);
  const points = curve(nodes);
  const minutes = (performance.now() - t0) / 60_000;
  console.log(`seed ${seed}: ${nodes.length} nodes in ${minutes.toFixed(1)} min`);
  for (const p of points) {
    console.log(
      `  generation ${p.generation}: best so far ${p.bestSoFar.toFixed(4)}, generation mean ${p.generationMean.toFixed(4)}`,
    );
  }
  seeds.push({
    seed,
    minutes: round(minutes),
    nodes: nodes.length,
    curve: points.map((p) => ({
      ...p,
      bestSoFar: round(p.bestSoFar),
      generationMean: round(p.generationMean),
    })),
    initial: initial?.perTask,
    bestByTrain: { id: bestTrain?.id, perTask: bestTrain?.perTask },
    bestBySelection: { id: engineBest?.id, perTask: engineBest?.perTask, testScores: summary.testScores },
    initialTestScores: summary.initialTestScores,
  });
}

const generations = Math.max(...seeds.map((s) => (s.curve as unknown[]).length));
const meanCurve = Array.from({ length: generations }, (_, g) => {
  const at = (key: "bestSoFar" | "generationMean") =>
    seeds
      .map((s) => (s.curve as Record<string, number>[])[g]?.[key])
      .filter((v): v is number => Number.isFinite(v));
  return {
    generation: g,
    bestSoFar: round(mean(at("bestSoFar"))),
    generationMean: round(mean(at("generationMean"))),
    bestSoFarPerSeed: at("bestSoFar"),
  };
});
console.log("mean over seeds (train tasks' mean normalised score):");
for (const p of meanCurve)
  console.log(
    `  generation ${p.generation}: best so far ${p.bestSoFar}, generation mean ${p.generationMean}`,
  );

const results = {
  setting: {
    seeds: SEEDS,
    generations: GENERATIONS,
    children: CHILDREN,
    parallel: PARALLEL,
    variants: VARIANTS,
    stageSize: 4,
  },
  minutes: round((performance.now() - started) / 60_000),
  curve: meanCurve,
  seeds,
  note: "normalised = the log (march of nines) score, unclipped, 0 when invalid; train tasks feed the meta agent, the val task selects parents, test tasks are scored once at the end",
};
mkdirSync(new URL("./results", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/airs-evolve.json", import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
console.log(`wrote bench/results/airs-evolve.json (${results.minutes} min)`);
