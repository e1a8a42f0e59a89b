/**
 * `npm run bench:evolve`: the engine's own cost and the offline baseline's quality.
 *
 * 1. Framework overhead per child: a child's wall time minus its meta step and its evaluation
 *    (select, checkout, commit, gates, compile, store writes), p50 and p99.
 * 2. Throughput of the offline run at --parallel 1 and 2 (children per minute).
 * 3. Circle packing n = 26: the best score after 100 and 500 evaluated children of the offline
 *    hyperagent, median of 5 seeds (BENCH_SEEDS, BENCH_CHILDREN to change).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { evolve } from "../sdk/evolve/evolve.js";
import { median } from "../sdk/internal/stats.js";
import { openRunStore } from "../sdk/store/run-store.js";

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

function childTimings(runDir: string) {
  const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
  const nodes = store.nodes().filter((node) => node.id !== "initial" && node.finishedAt);
  const overhead = nodes.map((node) => {
    const wall = Date.parse(node.finishedAt!) - Date.parse(node.createdAt);
    return wall - (node.metaMs ?? 0) - (node.evalMs ?? 0);
  });
  // Best circle-packing n=26 score after each evaluated child, in order of creation.
  const n26: number[] = [];
  let best = 0;
  for (const node of nodes) {
    const evaluation = store
      .evaluations(node.id)
      .find((e) => e.taskId === "circle-packing" && e.instanceId.endsWith("-n26") && e.split !== "test");
    if (!evaluation) continue;
    best = Math.max(best, evaluation.score);
    n26.push(best);
  }
  store.close();
  return { overhead, n26, children: nodes.length };
}

const root = mkdtempSync(join(tmpdir(), "ha-bench-evolve-"));
const resultsFile = new URL("./results/evolve.json", import.meta.url);
// BENCH_PARTS=throughput or =quality runs one part; the other part's last figures are kept.
const parts = new Set((process.env.BENCH_PARTS ?? "throughput,quality").split(","));
const results: Record<string, unknown> = existsSync(resultsFile)
  ? JSON.parse(readFileSync(resultsFile, "utf8"))
  : {};

// 1: overhead, on one child at a time so no child waits for another's sandbox slot (that wait
// would count as overhead): wall time minus the meta step and the evaluation.
let overheadAll: number[] = [];
const loadBefore = loadavg();
if (parts.has("throughput")) {
  const runDir = join(root, "overhead");
  await evolve({
    runDir,
    tasks: ["circle-packing"],
    model: "offline",
    generations: 60,
    children: 1,
    parallel: 1,
    seed: 7,
  });
  overheadAll = childTimings(runDir).overhead;
}

// 2: throughput of the offline run at parallel 1 and 2.
const throughput: Record<string, number> = {};
for (const parallel of parts.has("throughput") ? [1, 2] : []) {
  const runDir = join(root, `throughput-p${parallel}`);
  const started = performance.now();
  const summary = await evolve({
    runDir,
    tasks: ["circle-packing"],
    model: "offline",
    generations: 25,
    children: 2,
    parallel,
    seed: 11,
  });
  const minutes = (performance.now() - started) / 60_000;
  const timings = childTimings(runDir);
  throughput[`parallel${parallel}`] = timings.children / minutes;
  console.log(
    `parallel ${parallel}: ${timings.children} children in ${(minutes * 60).toFixed(1)} s, best ${summary.bestScore?.toFixed(4)}`,
  );
}
if (parts.has("throughput")) {
  results.overheadMs = {
    p50: quantile(overheadAll, 0.5),
    p99: quantile(overheadAll, 0.99),
    samples: overheadAll.length,
    // The figures move with the machine's load (a shared 2-core machine): keep it with them.
    date: new Date().toISOString(),
    loadAverage: { before: loadBefore, after: loadavg() },
  };
  results.childrenPerMinute = {
    ...throughput,
    ratio: (throughput.parallel2 ?? 0) / (throughput.parallel1 ?? 1),
  };
}

// 3: quality of the offline baseline on circle packing n = 26.
const seeds = parts.has("quality") ? Number(process.env.BENCH_SEEDS ?? 5) : 0;
const children = Number(process.env.BENCH_CHILDREN ?? 500);
const after100: number[] = [];
const afterAll: number[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  const runDir = join(root, `quality-s${seed}`);
  const started = performance.now();
  await evolve({
    runDir,
    tasks: ["circle-packing"],
    model: "offline",
    generations: Math.ceil(children / 2),
    children: 2,
    parallel: 2,
    seed,
  });
  const { n26 } = childTimings(runDir);
  after100.push(n26[Math.min(99, n26.length - 1)] ?? 0);
  afterAll.push(n26.at(-1) ?? 0);
  console.log(
    `seed ${seed}: best n=26 ratio after 100 children ${after100.at(-1)?.toFixed(4)}, after ${n26.length} ${afterAll.at(-1)?.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}
if (seeds > 0)
  results.circlePackingN26 = {
    seeds,
    children,
    medianAfter100: median(after100),
    medianAfterAll: median(afterAll),
    after100,
    afterAll,
    note: "score = sum of radii / best known (2.6359830849 for n = 26)",
  };

console.log(JSON.stringify(results, null, 2));
mkdirSync(new URL("./results", import.meta.url), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
