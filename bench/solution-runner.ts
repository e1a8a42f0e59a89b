/**
 * The AIRS solution runner's start overhead: p50 wall-clock time of a no-op solution through
 * runSolution (bundling, linking ./data, node under the permission model) against a bare
 * `node -e 0`, 15 runs each, plus a solution that imports "hyperagents/solution", and the
 * TensorFlow.js backend a solution gets by default here.
 * Run: npx tsx bench/solution-runner.ts  (writes bench/results/solution-runner.json)
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runSolution } from "../sandbox/solution/index.js";

export interface RunnerOverhead {
  runs: number;
  /** p50 of a bare `node -e 0`, spawn to exit. */
  bareNodeP50Ms: number;
  /** p50 of a no-op solution through runSolution, call to result. */
  noopSolutionP50Ms: number;
  /** noopSolutionP50Ms − bareNodeP50Ms: what the runner adds. */
  overheadP50Ms: number;
  /** p50 of a solution that imports "hyperagents/solution" (Arrow and csv-parse load) and exits. */
  runtimeImportP50Ms: number;
  /** The backend loadTf() gave a solution, and how long that solution took. */
  tfBackend: string;
  tfSolutionWallMs: number;
  loadAverage: number[];
}

function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round((value ?? Number.NaN) * 10) / 10;
}

function bareNode(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.on("error", reject);
    child.on("close", () => resolve(performance.now() - started));
  });
}

export async function benchRunnerOverhead(runs = 15): Promise<RunnerOverhead> {
  const root = await mkdtemp(path.join(os.tmpdir(), "bench-runner-"));
  try {
    const dataDir = path.join(root, "data");
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, "train.csv"), "x,y\n1,2\n2,4\n");
    await writeFile(path.join(dataDir, "test.csv"), "x\n3\n");
    const solve = async (source: string, name: string) => {
      const started = performance.now();
      const result = await runSolution({
        solution: { source, filename: `${name}.ts` },
        workDir: path.join(root, name),
        dataDir,
        timeLimitMs: 120_000,
      });
      if (result.exitCode !== 0) throw new Error(`${name} failed: ${result.error}\n${result.stderrTail}`);
      return { ms: performance.now() - started, stdout: result.stdoutTail };
    };
    await solve("export {};", "warmup"); // esbuild service and the runtime bundle, once per process
    const bare: number[] = [];
    const noop: number[] = [];
    const runtime: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(await bareNode());
      noop.push((await solve("export {};", "noop")).ms);
      runtime.push(
        (await solve('import { hasSplit } from "hyperagents/solution"; hasSplit("train");', "rt")).ms,
      );
    }
    const tf = await solve(
      'import { loadTf } from "hyperagents/solution"; const { backend } = await loadTf(); console.log(backend);',
      "tf",
    );
    const bareNodeP50Ms = p50(bare);
    const noopSolutionP50Ms = p50(noop);
    return {
      runs,
      bareNodeP50Ms,
      noopSolutionP50Ms,
      overheadP50Ms: Math.round((noopSolutionP50Ms - bareNodeP50Ms) * 10) / 10,
      runtimeImportP50Ms: p50(runtime),
      tfBackend: tf.stdout.trim(),
      tfSolutionWallMs: Math.round(tf.ms),
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const result = await benchRunnerOverhead();
  console.log(JSON.stringify(result, null, 2));
  const dir = fileURLToPath(new URL("./results/", import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "solution-runner.json"), `${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
