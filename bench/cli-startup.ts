/**
 * How fast the command line starts: wall time of `--help`, `--version`, `tasks` and the first
 * line `doctor` prints, each in a fresh process, from the sources (bin/hyperagents.js through tsx)
 * and from the build (HYPERAGENTS_DIST=1 runs dist/), against a bare `node -e 0` (and
 * `node --no-node-snapshot -e 0`: the flag isolated-vm needs, which the bin adds only for the
 * commands that may load it, by re-running itself in a child Node; `doctor` is one of them).
 * The bin runs as its shebang runs it (`node bin/hyperagents.js`); a re-run child's CPU is
 * counted too. Cases run in interleaved rounds so drift in the machine's load hits them all alike.
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
const node = [bin];
const commands: Array<[string, string[], boolean]> = [
  ["--help", ["--help"], false],
  ["--version", ["--version"], false],
  ["tasks", ["tasks"], false],
  ["doctor (first line)", ["doctor"], true],
];
const cases: Case[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  // What the flag costs before any of our code runs (isolated-vm needs it).
  { name: "node --no-node-snapshot -e 0", args: ["--no-node-snapshot", "-e", "0"] },
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

/** "0m1.234s" (bash's `times`) in milliseconds. */
function bashSeconds(text: string): number {
  const match = /(\d+)m([\d.]+)s/.exec(text);
  return match ? (Number(match[1]) * 60 + Number(match[2])) * 1000 : Number.NaN;
}

interface Sample {
  wallMs: number;
  /** User + system CPU of the process (bash's `times`); not measured for a first-line case. */
  cpuMs: number | undefined;
}

/**
 * One run: wall milliseconds from spawn to exit (or to the first stdout line), and the CPU the
 * process used. A run to exit goes through `bash -c '…; times'` for its CPU (bash adds a few ms of
 * wall to every case alike, `node -e 0` included).
 */
function once(run: Case): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = run.firstLine
      ? spawn(process.execPath, run.args, {
          cwd: repo,
          env: { ...process.env, ...run.env },
          stdio: ["ignore", "pipe", "pipe"],
        })
      : spawn(
          "bash",
          [
            "-c",
            '"$@" >/dev/null 2>&1; code=$?; times >&2; exit $code',
            "bash",
            process.execPath,
            ...run.args,
          ],
          { cwd: repo, env: { ...process.env, ...run.env }, stdio: ["ignore", "pipe", "pipe"] },
        );
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
      if (stopped !== undefined) return resolve({ wallMs: stopped, cpuMs: undefined });
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${run.name} exited ${code}: ${err.slice(0, 400)}`));
      // The second line of `times` is the children's user and system time.
      const children = err.trim().split("\n").at(-1) ?? "";
      const [user = "", system = ""] = children.trim().split(/\s+/);
      resolve({ wallMs, cpuMs: bashSeconds(user) + bashSeconds(system) });
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
  const samples = new Map<string, Sample[]>(cases.map((run) => [run.name, []]));
  // One untimed round warms the file system cache and tsx's transform cache.
  for (const run of cases) await once(run);
  for (let round = 0; round < RUNS; round++) {
    for (const run of cases) samples.get(run.name)?.push(await once(run));
  }
  const loadAfter = loadavg();
  const sortedOf = (values: number[]) => [...values].sort((a, b) => a - b);
  const bareRuns = samples.get("node -e 0") ?? [];
  const bare = percentile(sortedOf(bareRuns.map((sample) => sample.wallMs)), 50);
  const bareCpu = percentile(sortedOf(bareRuns.map((sample) => sample.cpuMs ?? 0)), 50);
  const round1 = (value: number) => Number(value.toFixed(1));
  const rows = cases.map((run) => {
    const runs = samples.get(run.name) ?? [];
    const wall = sortedOf(runs.map((sample) => sample.wallMs));
    const cpu = sortedOf(runs.flatMap((sample) => (sample.cpuMs === undefined ? [] : [sample.cpuMs])));
    const p50 = percentile(wall, 50);
    return {
      name: run.name,
      p50Ms: round1(p50),
      p90Ms: round1(percentile(wall, 90)),
      timesBareNode: round1(p50 / bare),
      cpuP50Ms: cpu.length > 0 ? round1(percentile(cpu, 50)) : null,
      cpuTimesBareNode: cpu.length > 0 ? round1(percentile(cpu, 50) / bareCpu) : null,
      n: wall.length,
    };
  });
  console.log("case                              wall p50   p90 ms  × node   CPU p50 ms  × node");
  for (const row of rows) {
    const cpu =
      row.cpuP50Ms === null
        ? ""
        : `${row.cpuP50Ms.toFixed(0).padStart(10)}  ${row.cpuTimesBareNode?.toFixed(1).padStart(6)}`;
    console.log(
      `${row.name.padEnd(32)} ${row.p50Ms.toFixed(1).padStart(9)}  ${row.p90Ms.toFixed(1).padStart(7)}  ${row.timesBareNode.toFixed(1).padStart(6)}  ${cpu}`,
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
