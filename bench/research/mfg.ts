/**
 * research/mfg (RSPG): does the recurrent structural policy gradient reach lower exact
 * exploitability than memoryless SPG, and than SPG with a time feature, at equal wall-clock on
 * 2 CPU cores? Each method trains one network per game group (LQ, LQ-lite, three beach bars, three
 * lite beach bars: the task's test games, data seed 3) for the same training-time budget, 3 seeds;
 * exact exploitability (relative to the uniform policy) is checked every few iterations off the
 * clock. Writes bench/results/research-mfg.json and prints a markdown table.
 * Run: npm run bench:research -- rspg [--quick] [--budget SECONDS]
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { meanInterval, pairedDifference } from "../../sdk/internal/stats.js";
import { loadTensorFlow, type TF } from "../../sdk/numeric/load-tensorflow.js";
import { gameIds, uniformExploitability } from "../../tasks/research/mfg/generate.js";
import { exploitability } from "../../tasks/research/mfg/kit/exploitability.js";
import type { PolicyTable } from "../../tasks/research/mfg/kit/flow.js";
import type { Method } from "../../tasks/research/mfg/solvers/networks.js";
import { groupGames } from "../../tasks/research/mfg/solvers/solve.js";
import { trainStructural } from "../../tasks/research/mfg/solvers/train.js";

const DATA_SEED = 3;
const SEEDS = [0, 1, 2];
const METHODS: Method[] = ["spg", "spg-time", "rspg"];
const LR = 1e-2;
const CHECK_EVERY = 5;

interface Curve {
  method: Method;
  seed: number;
  group: string;
  /** (iteration, training seconds, mean relative exploitability over the group's games). */
  points: { iteration: number; seconds: number; relative: number }[];
}

type Interval = ReturnType<typeof meanInterval>;
const fmt = (x: Interval, digits = 3) =>
  `${x.mean.toFixed(digits)} [${x.ci[0].toFixed(digits)}, ${x.ci[1].toFixed(digits)}]`;

function parseArgs(args: string[]): { quick: boolean; budgetS: number } {
  const quick = args.includes("--quick");
  const at = args.indexOf("--budget");
  const budgetS = at >= 0 ? Number(args[at + 1]) : quick ? 6 : 20;
  if (!Number.isFinite(budgetS) || budgetS <= 0)
    throw new Error("--budget takes a positive number of seconds");
  return { quick, budgetS };
}

/** The curve's value at a point: the last checkpoint at or before it. */
const lastAt = (curve: Curve, key: "iteration", value: number): number =>
  curve.points.filter((p) => p[key] <= value).at(-1)?.relative ?? 1;

/** Trains every (seed, group, method) for the budget, interleaved so load drift hits all alike. */
function trainCurves(tf: TF, seeds: number[], budgetS: number, loads: number[]): Curve[] {
  const groups = groupGames(gameIds(DATA_SEED).test);
  const normaliser = new Map(groups.flat().map((g) => [g.id, uniformExploitability(g)]));
  const curves: Curve[] = [];
  for (const seed of seeds)
    for (const games of groups)
      for (const method of METHODS) {
        const curve: Curve = {
          method,
          seed,
          group: `${games[0]!.spec.kind}/${games[0]!.spec.size}`,
          points: [],
        };
        const relative = (tables: Map<string, PolicyTable>) =>
          games.reduce(
            (sum, g) =>
              sum + Math.max(0, exploitability(g, tables.get(g.id)!).exploitability) / normaliser.get(g.id)!,
            0,
          ) / games.length;
        trainStructural(tf, games, {
          method,
          lr: LR,
          seed,
          budgetMs: budgetS * 1000,
          checkpoint: {
            every: CHECK_EVERY,
            run: (iteration, ms, tables) => {
              curve.points.push({ iteration, seconds: ms / 1000, relative: relative(tables) });
            },
          },
        });
        curves.push(curve);
        loads.push(os.loadavg()[0] ?? 0);
        const last = curve.points.at(-1);
        console.error(
          `${method} seed ${seed} ${curve.group}: ${last?.relative.toFixed(4)} after ${last?.iteration} iterations`,
        );
      }
  return curves;
}

/** Per-method means with intervals, at the budget and at equal iterations, and RSPG's paired gaps. */
function summarise(curves: Curve[], seeds: number[]) {
  const groupNames = [...new Set(curves.map((c) => c.group))];
  /** Per method and seed: the mean over groups of the final (budget) relative exploitability. */
  const finalOf = (method: Method, seed: number, group?: string) => {
    const chosen = curves.filter(
      (c) => c.method === method && c.seed === seed && (group === undefined || c.group === group),
    );
    return chosen.reduce((sum, c) => sum + (c.points.at(-1)?.relative ?? 1), 0) / chosen.length;
  };
  /** At equal iterations: each group's curves cut at the fewest iterations any method reached. */
  const equalIterations = (method: Method, seed: number) => {
    const values = groupNames.map((group) => {
      const same = curves.filter((c) => c.seed === seed && c.group === group);
      const cut = Math.min(...same.map((c) => c.points.at(-1)?.iteration ?? 0));
      return lastAt(same.find((c) => c.method === method)!, "iteration", cut);
    });
    return values.reduce((x, y) => x + y, 0) / values.length;
  };
  const methods = METHODS.map((method) => ({
    method,
    atBudget: meanInterval(seeds.map((seed) => finalOf(method, seed))),
    atEqualIterations: meanInterval(seeds.map((seed) => equalIterations(method, seed))),
    perGroup: Object.fromEntries(
      groupNames.map((g) => [g, meanInterval(seeds.map((seed) => finalOf(method, seed, g)))]),
    ),
    iterations: Object.fromEntries(
      groupNames.map((g) => [
        g,
        meanInterval(
          curves
            .filter((c) => c.method === method && c.group === g)
            .map((c) => c.points.at(-1)?.iteration ?? 0),
        ),
      ]),
    ),
  }));
  const versus = (other: Method) => ({
    atBudget: pairedDifference(
      seeds.map((s) => finalOf("rspg", s)),
      seeds.map((s) => finalOf(other, s)),
    ),
    atEqualIterations: pairedDifference(
      seeds.map((s) => equalIterations("rspg", s)),
      seeds.map((s) => equalIterations(other, s)),
    ),
  });
  return { groupNames, methods, rspgMinus: { spg: versus("spg"), "spg-time": versus("spg-time") } };
}

function markdown(summary: ReturnType<typeof summarise>, header: string, out: string): string {
  const { groupNames, methods, rspgMinus } = summary;
  return [
    header,
    "",
    `| method | at budget (95% CI) | at equal iterations | ${groupNames.join(" | ")} | iterations (${groupNames.join(", ")}) |`,
    `|---|---|---|${groupNames.map(() => "---|").join("")}---|`,
    ...methods.map(
      (m) =>
        `| ${m.method} | ${fmt(m.atBudget)} | ${fmt(m.atEqualIterations)} | ${groupNames.map((g) => m.perGroup[g]!.mean.toFixed(3)).join(" | ")} | ${groupNames.map((g) => m.iterations[g]!.mean.toFixed(0)).join(", ")} |`,
    ),
    "",
    `RSPG − SPG: ${fmt(rspgMinus.spg.atBudget)} at budget, ${fmt(rspgMinus.spg.atEqualIterations)} at equal iterations`,
    `RSPG − SPG+time: ${fmt(rspgMinus["spg-time"].atBudget)} at budget, ${fmt(rspgMinus["spg-time"].atEqualIterations)} at equal iterations`,
    `(negative = RSPG lower exploitability). Results: ${out}`,
  ].join("\n");
}

export async function run(args: string[]): Promise<void> {
  const { quick, budgetS } = parseArgs(args);
  const { tf, backend } = await loadTensorFlow();
  const seeds = quick ? SEEDS.slice(0, 2) : SEEDS;
  const loads: number[] = [os.loadavg()[0] ?? 0];
  const started = performance.now();
  const curves = trainCurves(tf, seeds, budgetS, loads);
  const summary = summarise(curves, seeds);
  const report = {
    task: "research/mfg",
    question: "RSPG vs SPG (and SPG+time) exact exploitability at equal wall-clock, 2 CPU cores",
    quick,
    budgetSecondsPerGroup: budgetS,
    seeds,
    dataSeed: DATA_SEED,
    lr: LR,
    metric: "mean over the test games of exploitability / uniform policy's exploitability (lower is better)",
    machine: { loadavg: loads, cpus: os.cpus().length, node: process.version, backend },
    totalSeconds: (performance.now() - started) / 1000,
    methods: summary.methods,
    rspgMinus: summary.rspgMinus,
    curves,
  };
  const out = fileURLToPath(new URL(`../results/research-mfg${quick ? "-quick" : ""}.json`, import.meta.url));
  await mkdir(fileURLToPath(new URL("../results/", import.meta.url)), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  const loadText = loads.map((l) => l.toFixed(1)).join("/");
  const header = `research/mfg: ${budgetS} s of training per game group, ${seeds.length} seeds, ${backend}, load ${loadText} (2 cores)`;
  console.log(markdown(summary, header, out));
}
