/**
 * How fast the command line starts: wall time of `--help`, `--version`, `tasks` and the first
 * line `doctor` prints, each in a fresh process, from the sources (bin/hyperagents.js through tsx)
 * and from the build (HYPERAGENTS_DIST=1 runs dist/), against a bare `node -e 0`. Cases run in
 * interleaved rounds so drift in the machine's load hits them all alike.
 *
 * Run: npm run build && npm run bench:cli [-- --runs N]   Writes bench/results/cli-startup.json.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const argIndex = process.argv.indexOf("--runs");
const RUNS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 15;

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Stop the clock at the first line on stdout (and end the process) rather than at its exit. */
  firstLine?: boolean;
}

const bin = join(repo, "bin/hyperagents.js");
const node = ["--no-node-snapshot", bin];
const commands: Array<[string, string[], boolean]> = [
  ["--help", ["--help"], false],
  ["--version", ["--version"], false],
  ["tasks", ["tasks"], false],
  ["doctor (first line)", ["doctor"], true],
];
const cases: Case[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  ...commands.map(([name, args, firstLine]) => ({
    name: `source: ${name}`,
    args: [...node, ...args],
    firstLine,
  })),
  ...commands.map(([name, args, firstLine]) => ({
    name: `dist: ${name}`,
    args: [...node, ...args],
    env: { HYPERAGENTS_DIST: "1" },
    firstLine,
  })),
];

/** One run: milliseconds from spawn to exit (or to the first stdout line). */
function once(run: Case): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, run.args, {
      cwd: repo,
      env: { ...process.env, ...run.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stopped: number | undefined;
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (run.firstLine && stopped === undefined && out.includes("\n")) {
        stopped = performance.now() - started;
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (stopped !== undefined) return resolve(stopped);
      if (code !== 0) return reject(new Error(`${run.name} exited ${code}: ${err.slice(0, 400)}`));
      resolve(performance.now() - started);
    });
  });
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

async function main() {
  if (!existsSync(join(repo, "dist/sdk/cli/main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first");
  }
  const loadBefore = loadavg();
  const samples = new Map<string, number[]>(cases.map((run) => [run.name, []]));
  // One untimed round warms the file system cache and tsx's transform cache.
  for (const run of cases) await once(run);
  for (let round = 0; round < RUNS; round++) {
    for (const run of cases) samples.get(run.name)?.push(await once(run));
  }
  const loadAfter = loadavg();
  const bare = percentile(
    [...(samples.get("node -e 0") ?? [])].sort((a, b) => a - b),
    50,
  );
  const rows = cases.map((run) => {
    const sorted = [...(samples.get(run.name) ?? [])].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    return {
      name: run.name,
      p50Ms: Number(p50.toFixed(1)),
      p90Ms: Number(percentile(sorted, 90).toFixed(1)),
      timesBareNode: Number((p50 / bare).toFixed(1)),
      n: sorted.length,
    };
  });
  console.log("case                            p50 ms   p90 ms   × node -e 0");
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(30)} ${row.p50Ms.toFixed(1).padStart(7)}  ${row.p90Ms.toFixed(1).padStart(7)}   ${row.timesBareNode.toFixed(1).padStart(6)}`,
    );
  }
  console.log(
    `load average ${loadBefore.map((x) => x.toFixed(2)).join(" ")} before, ${loadAfter.map((x) => x.toFixed(2)).join(" ")} after`,
  );
  const out = join(repo, "bench/results/cli-startup.json");
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        runs: RUNS,
        loadAverage: { before: loadBefore, after: loadAfter },
        rows,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${out}`);
}

await main();
