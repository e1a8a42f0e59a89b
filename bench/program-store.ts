/**
 * Program store benchmark: what one child's git round trip costs.
 *
 * 1. Sequential: checkout + edit + commitChild + release of a 50-file program (~2 KB a file),
 *    ITERATIONS times (default 100): p50/p99 of each phase and of the whole cycle.
 * 2. readFiles of the 50-file node: p50/p99.
 * 3. Parallel: PARALLEL (default 8) cycles at once, ROUNDS times: wall time per round and
 *    children per second.
 * 4. Why not simple-git: one silent command (`update-ref`) and one that prints (`rev-parse`) through
 *    simple-git `raw()` and through the store's runner.
 * 5. Why plumbing: after the same edit, `add -A` + `commit` (porcelain, then `rev-parse HEAD`) versus
 *    `add -A` + `write-tree` + `commit-tree` (what commitChild does, minus status and diff).
 *
 * Run: npx tsx bench/program-store.ts (ITERATIONS, PARALLEL, ROUNDS from the environment). Writes
 * bench/results/program-store.json. Another bench script can `await programStoreBench()`.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simpleGit } from "simple-git";
import { createGit } from "../sdk/program/git.js";
import { openProgramStore } from "../sdk/program/index.js";

const ITERATIONS = Number(process.env.ITERATIONS ?? 100);
const PARALLEL = Number(process.env.PARALLEL ?? 8);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const FILES = 50;
const FILE_BYTES = 2048;

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

export async function runProgramStoreBench() {
  const root = await mkdtemp(join(tmpdir(), "hyperagents-bench-program-"));
  try {
    const seed = join(root, "seed");
    for (let i = 0; i < FILES; i++) {
      const path = join(seed, i % 5 === 0 ? `lib/mod${i}.ts` : `file${i}.ts`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, fileContent(i));
    }
    const store = await openProgramStore({
      gitDir: join(root, "program.git"),
      protectedPaths: ["lib/mod0.ts"],
    });
    await store.init(seed);

    const phases = {
      checkout: [] as number[],
      commit: [] as number[],
      release: [] as number[],
      cycle: [] as number[],
    };
    let serial = 0;
    const cycle = async (parentId: string) => {
      const id = `c${serial++}`;
      const started = performance.now();
      const [wt, checkoutMs] = await time(() => store.checkout(parentId));
      await writeFile(join(wt, "file1.ts"), `${fileContent(1)}// edit ${id}\n`);
      await writeFile(join(wt, `new-${id}.ts`), fileContent(serial));
      const [child, commitMs] = await time(() =>
        store.commitChild(wt, { nodeId: id, parentId, message: id }),
      );
      const [, releaseMs] = await time(() => store.release(wt));
      if (child.empty) throw new Error("benchmark child unexpectedly empty");
      return { id, checkoutMs, commitMs, releaseMs, cycleMs: performance.now() - started };
    };

    // Warm-up (first spawns, page cache).
    for (let i = 0; i < 5; i++) await cycle("initial");
    let parent = "initial";
    for (let i = 0; i < ITERATIONS; i++) {
      // Chain a few generations deep so parents vary, as in a run.
      const result = await cycle(i % 10 === 0 ? "initial" : parent);
      parent = result.id;
      phases.checkout.push(result.checkoutMs);
      phases.commit.push(result.commitMs);
      phases.release.push(result.releaseMs);
      phases.cycle.push(result.cycleMs);
    }

    const readMs: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const [files, ms] = await time(() => store.readFiles("initial"));
      if (Object.keys(files).length !== FILES)
        throw new Error("readFiles returned the wrong number of files");
      readMs.push(ms);
    }

    const roundMs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const [, ms] = await time(() => Promise.all(Array.from({ length: PARALLEL }, () => cycle("initial"))));
      roundMs.push(ms);
    }
    const parallel = stats(roundMs);

    const silent: { simpleGit: number[]; runner: number[] } = { simpleGit: [], runner: [] };
    const printing: { simpleGit: number[]; runner: number[] } = { simpleGit: [], runner: [] };
    const sg = simpleGit({ baseDir: store.gitDir });
    const git = createGit(store.gitDir);
    const commit = (await git(["rev-parse", "refs/archive/initial"])).stdout.toString().trim();
    for (let i = 0; i < 20; i++) {
      silent.simpleGit.push((await time(() => sg.raw(["update-ref", "refs/bench/x", commit])))[1]);
      silent.runner.push((await time(() => git(["update-ref", "refs/bench/x", commit])))[1]);
      printing.simpleGit.push((await time(() => sg.raw(["rev-parse", "HEAD^{tree}"]).catch(() => "")))[1]);
      printing.runner.push((await time(() => git(["rev-parse", "--git-dir"])))[1]);
    }

    const commitStyle = { porcelain: [] as number[], plumbing: [] as number[] };
    const wt = await store.checkout("initial");
    const env = {
      GIT_AUTHOR_NAME: "b",
      GIT_AUTHOR_EMAIL: "b@x",
      GIT_COMMITTER_NAME: "b",
      GIT_COMMITTER_EMAIL: "b@x",
    };
    for (let i = 0; i < 30; i++) {
      await writeFile(join(wt, "file2.ts"), `${fileContent(2)}// porcelain ${i}\n`);
      commitStyle.porcelain.push(
        (
          await time(async () => {
            await git(["add", "-A"], { cwd: wt });
            await git(["commit", "-q", "--no-verify", "-m", "m"], { cwd: wt, env });
            return git(["rev-parse", "HEAD"], { cwd: wt });
          })
        )[1],
      );
      await writeFile(join(wt, "file2.ts"), `${fileContent(2)}// plumbing ${i}\n`);
      commitStyle.plumbing.push(
        (
          await time(async () => {
            await git(["add", "-A"], { cwd: wt });
            const tree = (await git(["write-tree"], { cwd: wt })).stdout.toString().trim();
            return git(["commit-tree", tree, "-p", commit], { cwd: wt, env, input: "m" });
          })
        )[1],
      );
    }
    await store.release(wt);

    const result = {
      name: "program-store",
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? "unknown",
        node: process.version,
        // Other jobs on a shared machine inflate every figure: keep the load with them.
        loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
        git: (await git(["--version"])).stdout.toString().trim(),
      },
      program: { files: FILES, fileBytes: FILE_BYTES },
      iterations: ITERATIONS,
      sequentialMs: {
        cycle: stats(phases.cycle),
        checkout: stats(phases.checkout),
        commitChild: stats(phases.commit),
        release: stats(phases.release),
      },
      readFilesMs: stats(readMs),
      parallel: {
        children: PARALLEL,
        rounds: ROUNDS,
        roundMs: parallel,
        childrenPerSecond: Math.round((PARALLEL / parallel.p50) * 1000 * 10) / 10,
      },
      spawnMs: {
        silentSimpleGit: stats(silent.simpleGit),
        silentRunner: stats(silent.runner),
        printingSimpleGit: stats(printing.simpleGit),
        printingRunner: stats(printing.runner),
      },
      commitStyleMs: { porcelain: stats(commitStyle.porcelain), plumbing: stats(commitStyle.plumbing) },
    };
    return result;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Runs the benchmark, prints the table and writes bench/results/program-store.json. */
export async function programStoreBench(): Promise<Awaited<ReturnType<typeof runProgramStoreBench>>> {
  const result = await runProgramStoreBench();
  const rows: Array<[string, Stats]> = [
    ["cycle (checkout+commit+release)", result.sequentialMs.cycle],
    ["  checkout", result.sequentialMs.checkout],
    ["  commitChild", result.sequentialMs.commitChild],
    ["  release", result.sequentialMs.release],
    ["readFiles (50 files)", result.readFilesMs],
    [`${result.parallel.children} cycles in parallel (per round)`, result.parallel.roundMs],
    ["git update-ref via simple-git", result.spawnMs.silentSimpleGit],
    ["git update-ref via store runner", result.spawnMs.silentRunner],
    ["git rev-parse via simple-git", result.spawnMs.printingSimpleGit],
    ["git rev-parse via store runner", result.spawnMs.printingRunner],
    ["porcelain add + commit + rev-parse", result.commitStyleMs.porcelain],
    ["plumbing add + write-tree + commit-tree", result.commitStyleMs.plumbing],
  ];
  console.log(
    `program store, ${result.program.files} files of ${result.program.fileBytes} B, ${result.iterations} iterations, ` +
      `${result.machine.git}, ${result.machine.cpus} CPUs, load ${result.machine.loadAverage1m}`,
  );
  console.log(
    `${"operation".padEnd(40)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"mean ms".padStart(8)}`,
  );
  for (const [name, s] of rows) {
    console.log(
      `${name.padEnd(40)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.mean).padStart(8)}`,
    );
  }
  console.log(`parallel throughput: ${result.parallel.childrenPerSecond} children/s`);
  const out = join(dirname(fileURLToPath(import.meta.url)), "results", "program-store.json");
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await programStoreBench();
