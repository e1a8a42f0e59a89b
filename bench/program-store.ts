/**
 * Program store benchmark: what one child costs the store, per call the engine makes.
 *
 * The engine's cycle per child (sdk/evolve/child.ts) is checkout(parent) → the meta agent edits
 * files → commitChild → readFiles(child) → release. For two programs, the shipped
 * `agents/offline` (about 10 files) and a synthetic one of 50 files (~2 KB each), with a protected
 * path on:
 *
 * 1. Sequential: ITERATIONS cycles (default 100), each editing one file and adding one, chained
 *    a few generations deep: p50/p99 of checkout, commitChild, readFiles(child) right after the
 *    commit (the cached path), release, and the cycle (the four calls together).
 * 2. readFiles uncached: a fresh store instance (empty cache) over the same repository per call.
 * 3. Parallel: PARALLEL (default 8) cycles at once, ROUNDS times: wall time per round.
 * 4. One git process through the store's runner and through simple-git (why the runner exists).
 *
 * Run: npx tsx bench/program-store.ts (ITERATIONS, PARALLEL, ROUNDS from the environment). Writes
 * bench/results/program-store.json. Another bench script can `await programStoreBench()`.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simpleGit } from "simple-git";
import { createGit } from "../sdk/program/git.js";
import { openProgramStore } from "../sdk/program/index.js";

const ITERATIONS = Number(process.env.ITERATIONS ?? 100);
const PARALLEL = Number(process.env.PARALLEL ?? 8);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SYNTHETIC_FILES = 50;
const FILE_BYTES = 2048;
const here = dirname(fileURLToPath(import.meta.url));

interface Stats {
  p50: number;
  p99: number;
  mean: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

function fileContent(i: number): string {
  const line = `export const value${i} = "${"x".repeat(60)}";\n`;
  return `// file ${i}\n${line.repeat(Math.ceil(FILE_BYTES / line.length))}`.slice(0, FILE_BYTES);
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

interface Workload {
  name: string;
  /** Writes the seed program into `dir`; returns the file the children edit and a protected one. */
  seed(dir: string): Promise<{ edited: string; protectedPath: string }>;
}

const WORKLOADS: Workload[] = [
  {
    name: "agents/offline",
    async seed(dir) {
      await cp(join(here, "..", "agents", "offline"), dir, { recursive: true });
      return { edited: "params.ts", protectedPath: "README.md" };
    },
  },
  {
    name: `synthetic ${SYNTHETIC_FILES} files of ${FILE_BYTES} B`,
    async seed(dir) {
      for (let i = 0; i < SYNTHETIC_FILES; i++) {
        const path = join(dir, i % 5 === 0 ? `lib/mod${i}.ts` : `file${i}.ts`);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, fileContent(i));
      }
      return { edited: "file1.ts", protectedPath: "lib/mod0.ts" };
    },
  },
];

async function runWorkload(root: string, workload: Workload) {
  const seed = join(root, "seed");
  const { edited, protectedPath } = await workload.seed(seed);
  const gitDir = join(root, "program.git");
  const store = await openProgramStore({ gitDir, protectedPaths: [protectedPath] });
  await store.init(seed);
  const fileCount = Object.keys(await store.readFiles("initial")).length;

  const phases = {
    checkout: [] as number[],
    commitChild: [] as number[],
    readFiles: [] as number[],
    release: [] as number[],
    cycle: [] as number[],
  };
  let serial = 0;
  const cycle = async (parentId: string) => {
    const id = `c${serial++}`;
    const [wt, checkoutMs] = await time(() => store.checkout(parentId));
    await writeFile(join(wt, edited), `${fileContent(1)}// edit ${id}\n`);
    await writeFile(join(wt, `new-${id}.ts`), fileContent(serial));
    const [child, commitMs] = await time(() => store.commitChild(wt, { nodeId: id, parentId, message: id }));
    const [files, readMs] = await time(() => store.readFiles(id));
    const [, releaseMs] = await time(() => store.release(wt));
    if (child.empty || files[`new-${id}.ts`] === undefined) throw new Error("benchmark child is wrong");
    return {
      id,
      checkoutMs,
      commitMs,
      readMs,
      releaseMs,
      cycleMs: checkoutMs + commitMs + readMs + releaseMs,
    };
  };

  // Warm-up (first spawns, page cache).
  for (let i = 0; i < 5; i++) await cycle("initial");
  let parent = "initial";
  for (let i = 0; i < ITERATIONS; i++) {
    // Chain a few generations deep so parents vary, as in a run.
    const result = await cycle(i % 10 === 0 ? "initial" : parent);
    parent = result.id;
    phases.checkout.push(result.checkoutMs);
    phases.commitChild.push(result.commitMs);
    phases.readFiles.push(result.readMs);
    phases.release.push(result.releaseMs);
    phases.cycle.push(result.cycleMs);
  }

  // A fresh instance has nothing cached: what a resumed run or another process pays.
  const uncached: number[] = [];
  for (let i = 0; i < Math.min(ITERATIONS, 50); i++) {
    const fresh = await openProgramStore({ gitDir, create: false });
    const [files, ms] = await time(() => fresh.readFiles("initial"));
    if (Object.keys(files).length !== fileCount) throw new Error("readFiles returned the wrong files");
    uncached.push(ms);
  }

  const roundMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const [, ms] = await time(() => Promise.all(Array.from({ length: PARALLEL }, () => cycle("initial"))));
    roundMs.push(ms);
  }
  const parallel = stats(roundMs);
  await store.pruneWorktrees();

  return {
    program: workload.name,
    files: fileCount,
    sequentialMs: {
      cycle: stats(phases.cycle),
      checkout: stats(phases.checkout),
      commitChild: stats(phases.commitChild),
      readFilesCached: stats(phases.readFiles),
      readFilesUncached: stats(uncached),
      release: stats(phases.release),
    },
    parallel: {
      children: PARALLEL,
      rounds: ROUNDS,
      roundMs: parallel,
      childrenPerSecond: Math.round((PARALLEL / parallel.p50) * 1000 * 10) / 10,
    },
  };
}

export async function runProgramStoreBench() {
  const workloads = [];
  for (const workload of WORKLOADS) {
    const root = await mkdtemp(join(tmpdir(), "hyperagents-bench-program-"));
    try {
      workloads.push(await runWorkload(root, workload));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }

  // One git process: the floor under every call that still spawns git.
  const root = await mkdtemp(join(tmpdir(), "hyperagents-bench-program-"));
  const git = createGit(join(root, "x.git"));
  const spawn = { silentSimpleGit: [] as number[], silentRunner: [] as number[] };
  try {
    await git(["init", "--bare", "-q", join(root, "x.git")], { cwd: root });
    const sg = simpleGit({ baseDir: join(root, "x.git") });
    const blob = (await git(["hash-object", "-w", "--stdin"], { input: "x" })).stdout.toString().trim();
    const tree = (await git(["mktree"], { input: `100644 blob ${blob}\tx\n` })).stdout.toString().trim();
    const commit = (await git(["commit-tree", tree], { input: "m", env: author() })).stdout.toString().trim();
    for (let i = 0; i < 20; i++) {
      spawn.silentSimpleGit.push((await time(() => sg.raw(["update-ref", "refs/bench/x", commit])))[1]);
      spawn.silentRunner.push((await time(() => git(["update-ref", "refs/bench/x", commit])))[1]);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  return {
    name: "program-store",
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? "unknown",
      node: process.version,
      // Other jobs on a shared machine inflate every figure: keep the load with them.
      loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
      git: (await createGit(tmpdir())(["--version"])).stdout.toString().trim(),
    },
    iterations: ITERATIONS,
    workloads,
    spawnMs: { updateRefSimpleGit: stats(spawn.silentSimpleGit), updateRefRunner: stats(spawn.silentRunner) },
  };
}

function author(): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: "b",
    GIT_AUTHOR_EMAIL: "b@x",
    GIT_COMMITTER_NAME: "b",
    GIT_COMMITTER_EMAIL: "b@x",
  };
}

/** Runs the benchmark, prints the table and writes bench/results/program-store.json. */
export async function programStoreBench(): Promise<Awaited<ReturnType<typeof runProgramStoreBench>>> {
  const result = await runProgramStoreBench();
  const line = (name: string, s: Stats) =>
    console.log(
      `${name.padEnd(44)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.mean).padStart(8)}`,
    );
  console.log(
    `program store, ${result.iterations} iterations, ${result.machine.git}, ` +
      `${result.machine.cpus} CPUs, load ${result.machine.loadAverage1m}`,
  );
  for (const w of result.workloads) {
    console.log(`\n${w.program} (${w.files} text files)`);
    console.log(
      `${"operation".padEnd(44)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"mean ms".padStart(8)}`,
    );
    line("cycle (checkout+commit+readFiles+release)", w.sequentialMs.cycle);
    line("  checkout", w.sequentialMs.checkout);
    line("  commitChild", w.sequentialMs.commitChild);
    line("  readFiles(child), cached", w.sequentialMs.readFilesCached);
    line("  release", w.sequentialMs.release);
    line("readFiles, uncached (fresh instance)", w.sequentialMs.readFilesUncached);
    line(`${w.parallel.children} cycles in parallel (per round)`, w.parallel.roundMs);
    console.log(`parallel throughput: ${w.parallel.childrenPerSecond} children/s`);
  }
  console.log("");
  line("git update-ref via simple-git", result.spawnMs.updateRefSimpleGit);
  line("git update-ref via the store's runner", result.spawnMs.updateRefRunner);
  const out = join(here, "results", "program-store.json");
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await programStoreBench();
