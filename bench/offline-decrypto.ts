/**
 * The offline hyperagent on Decrypto: how much its parameters matter, and whether the offline
 * meta agent finds better ones.
 *
 * 1. The shipped parameters and a few hand-tuned settings of agents/offline/params.ts, through
 *    the real sandbox (evaluateProgram), on the train and val splits (embedding Eve).
 * 2. A real evolution run through the CLI: `hyperagents evolve --task decrypto --generations G
 *    --children 2` into a temporary directory; the initial node's and the best node's val score.
 *
 * Writes bench/results/offline-decrypto.json.
 * Run: npx tsx bench/offline-decrypto.ts   (BENCH_GENERATIONS=25, BENCH_SEEDS=1, BENCH_PARTS=settings,evolve)
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parseTunables, withValue } from "../agents/offline/tunables.js";
import { evaluateProgram } from "../evals/evaluate-program.js";
import { readProgramFolder } from "../evals/read-program.js";
import { createModel } from "../sdk/llm/create-model.js";
import { openRunStore } from "../sdk/store/run-store.js";
import { decryptoTask } from "../tasks/decrypto/index.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OFFLINE = path.join(ROOT, "agents", "offline");

type Setting = Record<string, number | string>;

/** Hand-tuned settings: single levers, then combinations found by hand. */
const EVE_MODEL: Setting = {
  beam: 12,
  candidatePool: 30,
  eveWeight: 5,
  eveSlack: 0.1,
  decoder: "assignment",
  safetyMargin: 0.03,
};
const SETTINGS: { name: string; values: Setting }[] = [
  { name: "shipped defaults", values: {} },
  {
    name: "bridge words: otherWeight -0.35, assignment",
    values: { otherWeight: -0.35, decoder: "assignment" },
  },
  { name: "Eve model: beam 12, pool 30, eveWeight 5", values: EVE_MODEL },
  {
    name: "Eve model + weak openings (openingOwnWeight -1, ownWeight 0.2)",
    values: { ...EVE_MODEL, otherWeight: 0, leakWeight: 0, ownWeight: 0.2, openingOwnWeight: -1 },
  },
  {
    name: "Eve model + weak openings + bridge words",
    values: { ...EVE_MODEL, otherWeight: -0.35, leakWeight: 0, ownWeight: 0.2, openingOwnWeight: -1 },
  },
];

/** params.ts with the decrypto group's values replaced (through the same rewriting the meta agent uses). */
function withParams(files: Record<string, string>, values: Setting): Record<string, string> {
  let text = files["params.ts"] ?? "";
  for (const [name, value] of Object.entries(values)) {
    const t = parseTunables(text).find((x) => x.group === "decrypto" && x.name === name);
    if (!t) throw new Error(`params.ts has no tunable decrypto.${name}`);
    text = text.replace(t.line, withValue(t, value));
  }
  return { ...files, "params.ts": text };
}

async function evaluateSettings() {
  const model = createModel("offline");
  const base = readProgramFolder(OFFLINE);
  const rows: {
    name: string;
    values: Setting;
    train: number;
    val: number;
    trainSe: number;
    valSe: number;
  }[] = [];
  for (const setting of SETTINGS) {
    const files = withParams(base, setting.values);
    const train = await evaluateProgram({ files, task: decryptoTask, model, split: "train" });
    const val = await evaluateProgram({ files, task: decryptoTask, model, split: "val" });
    const failures = train.failures + val.failures;
    if (failures > 0) throw new Error(`${setting.name}: ${failures} failed instances`);
    rows.push({
      name: setting.name,
      values: setting.values,
      train: train.mean,
      trainSe: train.stderr,
      val: val.mean,
      valSe: val.stderr,
    });
    process.stdout.write(
      `${setting.name.padEnd(64)} train ${train.mean.toFixed(3)} ± ${train.stderr.toFixed(3)}   val ${val.mean.toFixed(3)} ± ${val.stderr.toFixed(3)}\n`,
    );
  }
  return rows;
}

/** Mean val score per node of a finished run (val instances only). */
function valScores(runDir: string): Map<string, number> {
  const store = openRunStore(path.join(runDir, "run.sqlite"), { readonly: true });
  try {
    const out = new Map<string, number>();
    for (const node of store.nodes()) {
      const val = store.evaluations(node.id).filter((e) => e.taskId === "decrypto" && e.split === "val");
      if (val.length > 0) out.set(node.id, val.reduce((acc, e) => acc + e.score, 0) / val.length);
    }
    return out;
  } finally {
    store.close();
  }
}

async function evolveRun(generations: number, seed: number) {
  const runDir = await mkdtemp(path.join(os.tmpdir(), "ha-bench-offline-decrypto-"));
  const started = performance.now();
  try {
    const args = [
      path.join(ROOT, "bin", "hyperagents.js"),
      "evolve",
      "--task",
      "decrypto",
      "--model",
      "offline",
      "--generations",
      String(generations),
      "--children",
      "2",
      "--seed",
      String(seed),
      "--out",
      runDir,
    ];
    await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    const scores = valScores(runDir);
    const initial = scores.get("initial") ?? Number.NaN;
    let bestId = "initial";
    for (const [id, score] of scores)
      if (score > (scores.get(bestId) ?? Number.NEGATIVE_INFINITY)) bestId = id;
    const best = scores.get(bestId) ?? Number.NaN;
    const diff = await promisify(execFile)(
      "git",
      [
        "--git-dir",
        path.join(runDir, "program.git"),
        "diff",
        "refs/archive/initial",
        `refs/archive/${bestId}`,
        "--",
        "params.ts",
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch(() => ({ stdout: "" }));
    const changed = diff.stdout
      .split("\n")
      .filter((line) => line.startsWith("+ ") && /@tune|@choice/.test(line))
      .map((line) =>
        line
          .slice(1)
          .trim()
          .replace(/\s*\/\/.*$/, ""),
      );
    process.stdout.write(
      `evolve seed ${seed}: ${scores.size} nodes in ${seconds.toFixed(0)} s; val initial ${initial.toFixed(4)} -> best ${best.toFixed(4)} (${bestId}: ${changed.join(" ")})\n`,
    );
    return {
      seed,
      generations,
      children: 2,
      nodes: scores.size,
      seconds,
      initialVal: initial,
      bestVal: best,
      bestNode: bestId,
      bestParams: changed,
    };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const parts = new Set((process.env.BENCH_PARTS ?? "settings,evolve").split(","));
  const generations = Number(process.env.BENCH_GENERATIONS ?? 25);
  const seeds = Number(process.env.BENCH_SEEDS ?? 1);
  const settings = parts.has("settings") ? await evaluateSettings() : [];
  const runs = [];
  if (parts.has("evolve"))
    for (let seed = 0; seed < seeds; seed++) runs.push(await evolveRun(generations, seed));
  const out = fileURLToPath(new URL("./results/offline-decrypto.json", import.meta.url));
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version },
        task: "decrypto (embedding Eve; train 24 and val 12 instances of 2 games)",
        settings,
        evolve: runs,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`wrote ${path.relative(ROOT, out)}\n`);
}

await main();
