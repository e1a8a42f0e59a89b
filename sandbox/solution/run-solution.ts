/**
 * Runs an agent's solution script (TypeScript or JavaScript) in its own Node process, as the
 * official AIRS tasks run a Python script: it reads ./data and writes ./submission.csv. The
 * process runs under Node's permission model (reads: its work folder, the runtime, the packages
 * it may import; writes: its work folder; no child processes, workers, addons, WASI or
 * inspector), a wall-clock limit that ends its process group, a heap limit and an allow-listed
 * environment. Whatever the solution does is a result; only the caller's mistakes throw.
 */
import { existsSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../sdk/errors.js";
import {
  BACKEND_ENV,
  BACKEND_NAMES,
  type BackendName,
  isInstalled,
} from "../../sdk/numeric/load-tensorflow.js";
import { childEnv } from "./child-env.js";
import { withMemoryCap } from "./memory-cap.js";
import { NATIVE_PACKAGES, packageClosure, SOLUTION_PACKAGES } from "./package-roots.js";
import { runtimeLocation } from "./runtime-location.js";
import { bundleSolution, type SolutionSource } from "./solution-bundle.js";
import { spawnLimited } from "./spawn-limited.js";
import { prepareWorkFolder } from "./work-folder.js";

export interface RunSolutionOptions {
  solution: SolutionSource;
  /** Created if missing; the caller removes it. Its ./data and ./submission.csv are replaced. */
  workDir: string;
  /** The task's data folder; only train, validation and test are copied into ./data. */
  dataDir: string;
  /** A folder of modules copied into ./kit, which the solution may import (`./kit/env.js`). */
  kitDir?: string;
  timeLimitMs: number;
  /** V8's old-space limit for the child, in MB (default 2048). */
  heapMb?: number;
  /**
   * Cap on all the child's writable memory (heap, Buffers, WebAssembly), in MB, through
   * RLIMIT_DATA (Linux). Default heapMb + 4096; null for none. No default cap when a native
   * TensorFlow.js backend may load: CUDA maps large writable regions.
   */
  memoryMb?: number | null;
  /** Extra variables for the child (e.g. HYPERAGENTS_SEED); NODE_* are refused. */
  env?: Readonly<Record<string, string>>;
  /** Forces a TensorFlow.js backend; default: the host's HYPERAGENTS_TF_BACKEND, else the fastest. */
  backend?: BackendName;
  signal?: AbortSignal;
}

export interface SolutionRunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  wallMs: number;
  stdoutTail: string;
  stderrTail: string;
  /** ./submission.csv when the solution wrote one (a plain file), else null. */
  submissionPath: string | null;
  workDir: string;
  /** One line on why the run failed before or around the solution (bundle, limit, memory). */
  error?: string;
}

export const DEFAULT_HEAP_MB = 2048;
/** What the default memory cap allows beyond the heap (tfjs wasm memory, Arrow buffers). */
export const DEFAULT_EXTRA_MEMORY_MB = 4096;
/** Bytes kept from the end of stdout and of stderr each. */
export const TAIL_BYTES = 8 * 1024;
/** The bundled solution's file name in the work folder. */
export const BUNDLE_NAME = ".solution.mjs";

function validate(options: RunSolutionOptions): void {
  const { solution, timeLimitMs, heapMb = DEFAULT_HEAP_MB, backend } = options;
  if ("path" in solution) {
    if (!existsSync(solution.path) || !statSync(solution.path).isFile()) {
      throw new UserError(`solution file ${solution.path} does not exist: pass the script's path`);
    }
  } else if (typeof solution.source !== "string" || !/\.[cm]?[jt]sx?$/.test(solution.filename)) {
    throw new UserError("an inline solution needs source text and a filename ending in .ts or .js");
  }
  if (!Number.isFinite(timeLimitMs) || timeLimitMs <= 0) {
    throw new UserError(`timeLimitMs must be a positive number of milliseconds, not ${timeLimitMs}`);
  }
  if (!Number.isInteger(heapMb) || heapMb < 32) {
    throw new UserError(`heapMb must be an integer ≥ 32, not ${heapMb}`);
  }
  const memoryMb = options.memoryMb;
  if (memoryMb !== undefined && memoryMb !== null && (!Number.isInteger(memoryMb) || memoryMb <= heapMb)) {
    throw new UserError(`memoryMb must be an integer above heapMb (${heapMb}), not ${memoryMb}`);
  }
  if (backend !== undefined && !BACKEND_NAMES.includes(backend)) {
    throw new UserError(`backend "${backend}" is not one of: ${BACKEND_NAMES.join(", ")}`);
  }
  if (typeof options.workDir !== "string" || options.workDir === "") {
    throw new UserError("workDir is required: the folder the solution runs in");
  }
}

/** Native backends are addons; addons are allowed only when one may be used. */
function nativeBackendPossible(backend: BackendName | undefined): boolean {
  if (backend === "wasm" || backend === "cpu") return false;
  return NATIVE_PACKAGES.some((pkg) => isInstalled(pkg));
}

/** The RLIMIT_DATA cap: the caller's, none for null, else a default unless addons may load. */
function memoryCapMb(
  requested: number | null | undefined,
  heapMb: number,
  addons: boolean,
): number | undefined {
  if (requested === null) return undefined;
  if (requested !== undefined) return requested;
  return addons ? undefined : heapMb + DEFAULT_EXTRA_MEMORY_MB;
}

function nodeArgs(work: string, readPaths: readonly string[], heapMb: number, addons: boolean): string[] {
  const dir = (p: string) => (p.endsWith(path.sep) ? p : `${p}${path.sep}`);
  return [
    "--experimental-permission",
    `--allow-fs-read=${dir(work)}`,
    ...readPaths.map((p) => `--allow-fs-read=${p}`),
    `--allow-fs-write=${dir(work)}`,
    ...(addons ? ["--allow-addons"] : []),
    `--max-old-space-size=${heapMb}`,
    "--disable-warning=ExperimentalWarning",
    "--enable-source-maps",
    path.join(work, BUNDLE_NAME),
  ];
}

function tail(buffer: { total: number; limit: number; text(): string }): string {
  const dropped = buffer.total - buffer.limit;
  return dropped > 0 ? `[${dropped} earlier bytes dropped]\n${buffer.text()}` : buffer.text();
}

/** Runs the solution; resolves with what happened. Throws UserError only for bad options. */
export async function runSolution(options: RunSolutionOptions): Promise<SolutionRunResult> {
  validate(options);
  const heapMb = options.heapMb ?? DEFAULT_HEAP_MB;
  const { work } = await prepareWorkFolder(options.workDir, options.dataDir, options.kitDir);
  const backend = options.backend;
  const env = childEnv(work, process.env, {
    ...options.env,
    ...(backend === undefined ? {} : { [BACKEND_ENV]: backend }),
  });
  const failed = (error: string, stderrTail = ""): SolutionRunResult => ({
    exitCode: null,
    signal: null,
    timedOut: false,
    wallMs: 0,
    stdoutTail: "",
    stderrTail,
    submissionPath: null,
    workDir: work,
    error,
  });
  if (options.signal?.aborted) return failed("aborted before the solution started");
  const runtime = await runtimeLocation();
  const bundle = await bundleSolution(options.solution, runtime, work);
  if (!bundle.ok) return failed(`the solution does not bundle: ${bundle.message}`, bundle.message);
  await writeFile(path.join(work, BUNDLE_NAME), bundle.code);
  const addons = nativeBackendPossible(backend ?? (env[BACKEND_ENV] as BackendName | undefined));
  const packages = packageClosure(
    [...SOLUTION_PACKAGES, ...(addons ? NATIVE_PACKAGES : [])],
    runtime.resolveDir,
  );
  const memoryMb = memoryCapMb(options.memoryMb, heapMb, addons);
  const args = nodeArgs(work, [...runtime.readPaths, ...packages], heapMb, addons);
  const run = await spawnLimited({
    ...withMemoryCap(process.execPath, args, memoryMb),
    cwd: work,
    env,
    timeLimitMs: options.timeLimitMs,
    tailBytes: TAIL_BYTES,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const submission = path.join(work, "submission.csv");
  const wrote = existsSync(submission) && statSync(submission).isFile();
  const result: SolutionRunResult = {
    exitCode: run.exitCode,
    signal: run.signal,
    timedOut: run.timedOut,
    wallMs: Math.round(run.wallMs),
    stdoutTail: tail(run.stdout),
    stderrTail: tail(run.stderr),
    submissionPath: wrote ? submission : null,
    workDir: work,
  };
  const error = describeFailure(run, result.stderrTail, options.timeLimitMs, heapMb, memoryMb);
  return error === undefined ? result : { ...result, error };
}

function describeFailure(
  run: {
    timedOut: boolean;
    aborted: boolean;
    exitCode: number | null;
    signal: string | null;
    spawnError?: string;
  },
  stderr: string,
  limitMs: number,
  heapMb: number,
  memoryMb: number | undefined,
): string | undefined {
  if (run.spawnError !== undefined) return `could not start node: ${run.spawnError}`;
  if (run.timedOut) return `killed at the time limit (${limitMs} ms)`;
  if (run.aborted) return "aborted by the caller";
  if (/heap out of memory|Reached heap limit/.test(stderr))
    return `ran out of memory (heap limit ${heapMb} MB)`;
  if (
    memoryMb !== undefined &&
    /Array buffer allocation failed|Unable to grow instance memory|out of memory/i.test(stderr)
  )
    return `ran out of memory (memory limit ${memoryMb} MB)`;
  if (run.signal !== null) return `killed by ${run.signal}`;
  if (run.exitCode !== 0) return `exited with code ${run.exitCode}`;
  return undefined;
}
