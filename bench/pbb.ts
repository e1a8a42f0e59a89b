/**
 * Programming by Backprop, Track B: a small transformer trained from scratch on TensorFlow.js
 * under each curriculum, scored by exact match on held-out inputs of the source-only programs,
 * 3 seeds with 95% t intervals. Writes bench/results/pbb.json (pbb-large.json with --large).
 * Run: npm run bench:pbb [-- --large]
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { meanInterval } from "../sdk/internal/stats.js";
import { describeBackend, loadTensorFlow } from "../sdk/numeric/index.js";
import type { CurriculumName } from "../tasks/pbb/trackb/curriculum.js";
import { type ExperimentOptions, type ExperimentRow, runExperiment } from "../tasks/pbb/trackb/experiment.js";

type Settings = Omit<ExperimentOptions, "tf" | "workDir" | "onProgress">;

/** Trains on 2 shared CPU cores in about nine minutes: short arithmetic-only programs, a ~40k-parameter model. */
const SMALL: Settings = {
  seeds: [1, 2, 3],
  curricula: ["proactive", "stage1-only", "stage2-only", "english", "io-4"],
  sizes: { withIo: 12, sourceOnly: 4, compositions: 0, cipherFraction: 0, heldOutInputs: 10 },
  model: { dModel: 32, heads: 2, layers: 2, dFF: 128 },
  schedule: { stage1Steps: 36, stage2Steps: 18 },
  batchSize: 8,
  learningRate: 1e-2,
};

/** The paper-like scale (GPU or a long CPU run): ~0.8M parameters, 100 + 25 programs with ciphers. */
const LARGE: Settings = {
  seeds: [1, 2, 3],
  curricula: ["proactive", "stage1-only", "stage2-only", "english", "io-1", "io-4", "io-16", "io-64"],
  sizes: { withIo: 100, sourceOnly: 25, compositions: 0, cipherFraction: 0.25, heldOutInputs: 20 },
  model: { dModel: 128, heads: 4, layers: 4, dFF: 512 },
  schedule: { stage1Steps: 4000, stage2Steps: 2000 },
  batchSize: 32,
  learningRate: 1e-3,
};

function table(rows: readonly ExperimentRow[], curricula: readonly CurriculumName[]) {
  return curricula.map((curriculum) => {
    const own = rows.filter((r) => r.curriculum === curriculum);
    return {
      curriculum,
      sourceOnly: meanInterval(own.map((r) => r.sourceOnly)),
      withIo: meanInterval(own.map((r) => r.withIo)),
      finalLoss: meanInterval(own.map((r) => r.finalLoss)),
    };
  });
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
const cell = (s: { mean: number; ci: [number, number] }) =>
  `${pct(s.mean)}% [${pct(s.ci[0])}, ${pct(s.ci[1])}]`;

async function main(): Promise<void> {
  const large = process.argv.includes("--large");
  const settings = large ? LARGE : SMALL;
  const { tf, backend } = await loadTensorFlow();
  const workDir = await mkdtemp(path.join(os.tmpdir(), "pbb-bench-"));
  const started = performance.now();
  process.stdout.write(`${await describeBackend()}\n${large ? "large" : "small"} configuration\n`);
  try {
    const { rows, floors } = await runExperiment({
      ...settings,
      tf,
      workDir,
      onProgress: (line) => process.stdout.write(`  ${line}\n`),
    });
    const summary = table(rows, settings.curricula);
    const constant = meanInterval(floors.map((f) => f.constant));
    process.stdout.write(
      `\nexact match on held-out inputs, mean [95% t interval] over ${settings.seeds.length} seeds\n` +
        `${"curriculum".padEnd(14)}${"source-only programs".padEnd(28)}${"I/O programs".padEnd(28)}final loss\n`,
    );
    for (const row of summary) {
      process.stdout.write(
        `${row.curriculum.padEnd(14)}${cell(row.sourceOnly).padEnd(28)}${cell(row.withIo).padEnd(28)}${row.finalLoss.mean.toFixed(3)}\n`,
      );
    }
    process.stdout.write(`${"best constant".padEnd(14)}${cell(constant)}\n`);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`\n${seconds.toFixed(0)} s on ${backend}\n`);
    const resultsDir = fileURLToPath(new URL("./results/", import.meta.url));
    await mkdir(resultsDir, { recursive: true });
    const out = path.join(resultsDir, large ? "pbb-large.json" : "pbb.json");
    const result = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? "unknown",
        node: process.version,
        backend,
      },
      configuration: large ? "large" : "small",
      settings,
      parameters: Math.max(...rows.map((r) => r.parameters)),
      seconds,
      table: summary,
      constantBaseline: constant,
      rows,
    };
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
