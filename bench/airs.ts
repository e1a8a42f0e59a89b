/**
 * The bundled AIRS suite, measured: per task, the naive and the reference solution run through
 * the solution runner and scored (raw score, normalised score, wall time), the TensorFlow.js
 * backend a solution gets, and the runner's start overhead against a bare `node` process.
 *
 * Run: npm run bench:airs [-- --task NAME]   Writes bench/results/airs.json.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AIRS_SUITE_DIR, airsSuite } from "../tasks/airs/index.js";
import { loadBundledAirsTask } from "../tasks/airs/load-task.js";
import { runAndScore } from "../tasks/airs/run-and-score.js";
import { benchRunnerOverhead } from "./solution-runner.js";

const only = process.argv.includes("--task") ? process.argv[process.argv.indexOf("--task") + 1] : undefined;

const BACKEND_PROBE = `import { loadTf } from "hyperagents/solution";
import { writeFileSync } from "node:fs";
const { backend } = await loadTf();
console.log("backend=" + backend);
writeFileSync("submission.csv", "x\\n");
`;

async function solutionRun(name: string, file: "naive.ts" | "reference.ts") {
  const task = await loadBundledAirsTask(name);
  const source = await readFile(join(AIRS_SUITE_DIR, name, file), "utf8");
  const result = await runAndScore(task, { solution: source, filename: file }, { timeLimitMs: 600_000 });
  if (!result.valid) console.error(`  ${name}/${file}: invalid — ${result.reason}\n${result.outputTail}`);
  return {
    score: result.score,
    normalizedScore: result.normalizedScore,
    valid: result.valid,
    wallMs: Math.round(result.wallMs),
  };
}

async function backendInUse(): Promise<string> {
  const [first] = airsSuite();
  if (first === undefined) return "none";
  const task = await loadBundledAirsTask(first.name);
  const result = await runAndScore(
    task,
    { solution: BACKEND_PROBE, filename: "probe.ts" },
    { timeLimitMs: 60_000 },
  );
  return /backend=(\S+)/.exec(result.outputTail)?.[1] ?? `unknown (${result.outputTail.slice(-200)})`;
}

const load = loadavg()[0]?.toFixed(1);
console.log(`AIRS suite bench: ${cpus().length} cores, load ${load}`);
const overhead = await benchRunnerOverhead();
console.log(`runner start overhead: ${JSON.stringify(overhead)}`);
const backend = await backendInUse();
console.log(`TensorFlow.js backend in a solution: ${backend}`);

const tasks = [];
for (const { name, metadata } of airsSuite()) {
  if (only !== undefined && only !== name) continue;
  const naive = await solutionRun(name, "naive.ts");
  const reference = await solutionRun(name, "reference.ts");
  const row = {
    task: `airs/${name}`,
    metric: metadata.metric,
    lowerIsBetter: metadata.lowerIsBetter,
    naive,
    reference,
  };
  tasks.push(row);
  console.log(
    `${row.task.padEnd(32)} ${metadata.metric.padEnd(18)} naive ${naive.score} (NS ${naive.normalizedScore.toFixed(3)}, ${naive.wallMs} ms)` +
      `  reference ${reference.score} (NS ${reference.normalizedScore.toFixed(3)}, ${reference.wallMs} ms)`,
  );
}

const out = join(dirname(fileURLToPath(import.meta.url)), "results", "airs.json");
await mkdir(dirname(out), { recursive: true });
await writeFile(
  out,
  `${JSON.stringify({ measuredAt: new Date().toISOString(), cores: cpus().length, load: Number(load), backend, overhead, tasks }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
