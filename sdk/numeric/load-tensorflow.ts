/**
 * TensorFlow.js backend selection: native GPU, native CPU, WebAssembly (SIMD), plain JS cpu.
 * The native packages are optional: they are imported by a computed specifier so that the
 * project type-checks and runs without them, and picked up on machines that have them.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { SystemError, UserError } from "../errors.js";
import { registerWasmShims } from "./wasm-shims.js";

export type TF = typeof import("@tensorflow/tfjs");

export const BACKEND_NAMES = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface LoadTensorFlowOptions {
  /** Force one backend; otherwise `HYPERAGENTS_TF_BACKEND`, otherwise the fastest available. */
  backend?: BackendName;
}

export interface LoadedTensorFlow {
  tf: TF;
  /** The backend actually in use: one of BACKEND_NAMES. */
  backend: BackendName;
}

export const BACKEND_ENV = "HYPERAGENTS_TF_BACKEND";

const require = createRequire(import.meta.url);
const cache = new Map<string, Promise<LoadedTensorFlow>>();

function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}

/** The backend forced by the environment, if any; a bad value is the user's to fix. */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  const raw = env[BACKEND_ENV]?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (!isBackendName(raw)) {
    throw new UserError(
      `${BACKEND_ENV}=${raw} is not a TensorFlow.js backend; use one of: ${BACKEND_NAMES.join(", ")}`,
    );
  }
  return raw;
}

/** Whether a package resolves from here (without loading it). */
export function isInstalled(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** Imports an optional package by a computed specifier so TypeScript does not require it. */
async function importOptional(pkg: string): Promise<unknown> {
  const specifier: string = pkg;
  return import(specifier);
}

interface NativeBackend {
  isUsingGpuDevice?: boolean;
}

async function loadNative(gpu: boolean): Promise<LoadedTensorFlow | undefined> {
  const pkg = gpu ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
  if (!isInstalled(pkg)) return undefined;
  try {
    const mod = (await importOptional(pkg)) as TF & { default?: TF };
    const tf = typeof mod.setBackend === "function" ? mod : (mod.default ?? mod);
    await tf.setBackend("tensorflow");
    await tf.ready();
    const usingGpu = (tf.backend() as unknown as NativeBackend).isUsingGpuDevice === true;
    if (gpu && !usingGpu) return { tf, backend: "tensorflow" };
    return { tf, backend: gpu ? "tensorflow-gpu" : "tensorflow" };
  } catch {
    return undefined;
  }
}

/** The folder holding the .wasm binaries, as a path ending in a separator (what setWasmPaths wants). */
export function wasmDistDir(): string {
  const file = require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm");
  return path.dirname(file) + path.sep;
}

async function loadPure(): Promise<TF> {
  const tf = await import("@tensorflow/tfjs");
  // PROD silences tfjs's "install the node backend" banner: describeBackend() says it instead.
  tf.env().set("PROD", true);
  return tf;
}

async function loadWasm(): Promise<LoadedTensorFlow | undefined> {
  try {
    const tf = await loadPure();
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    if (tf.findBackend("wasm") !== null && !wasmPathsSet) {
      wasm.setWasmPaths(wasmDistDir());
      wasmPathsSet = true;
    }
    const ok = await tf.setBackend("wasm");
    if (!ok) return undefined;
    await tf.ready();
    registerWasmShims(tf);
    return { tf, backend: "wasm" };
  } catch {
    return undefined;
  }
}
let wasmPathsSet = false;

async function loadCpu(): Promise<LoadedTensorFlow> {
  const tf = await loadPure();
  await tf.setBackend("cpu");
  await tf.ready();
  return { tf, backend: "cpu" };
}

async function loadExactly(name: BackendName): Promise<LoadedTensorFlow> {
  const hint: Record<BackendName, string> = {
    "tensorflow-gpu": "install @tensorflow/tfjs-node-gpu (needs CUDA and a GPU)",
    tensorflow: "install @tensorflow/tfjs-node",
    wasm: "install @tensorflow/tfjs-backend-wasm",
    cpu: "install @tensorflow/tfjs",
  };
  const loaded =
    name === "tensorflow-gpu"
      ? await loadNative(true)
      : name === "tensorflow"
        ? await loadNative(false)
        : name === "wasm"
          ? await loadWasm()
          : await loadCpu();
  if (loaded === undefined || (name === "tensorflow-gpu" && loaded.backend !== "tensorflow-gpu")) {
    throw new UserError(
      `TensorFlow.js backend "${name}" is not available: ${hint[name]}, or unset ${BACKEND_ENV}`,
    );
  }
  return loaded;
}

async function loadBest(): Promise<LoadedTensorFlow> {
  const loaded =
    (await loadNative(true)) ?? (await loadNative(false)) ?? (await loadWasm()) ?? (await loadCpu());
  if (loaded === undefined) throw new SystemError("no TensorFlow.js backend could be initialised");
  return loaded;
}

/**
 * Loads TensorFlow.js on the best backend available (or the one forced by the option or by
 * HYPERAGENTS_TF_BACKEND). Memoised per choice; switching between memoised choices re-activates
 * that backend, since tfjs keeps one global active backend.
 */
export async function loadTensorFlow(options: LoadTensorFlowOptions = {}): Promise<LoadedTensorFlow> {
  const forced = options.backend ?? backendFromEnv();
  const key = forced ?? "auto";
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = forced === undefined ? loadBest() : loadExactly(forced);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  const loaded = await pending;
  const tfName = loaded.backend === "tensorflow-gpu" ? "tensorflow" : loaded.backend;
  if (loaded.tf.getBackend() !== tfName) {
    await loaded.tf.setBackend(tfName);
    await loaded.tf.ready();
  }
  return loaded;
}

/** One line for `hyperagents doctor`: the backend in use and how to get a faster one. */
export async function describeBackend(options: LoadTensorFlowOptions = {}): Promise<string> {
  try {
    const { tf, backend } = await loadTensorFlow(options);
    const version = tf.version.tfjs;
    const simd = backend === "wasm" && (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true;
    const extra: Record<BackendName, string> = {
      "tensorflow-gpu": "native libtensorflow on a GPU",
      tensorflow: "native libtensorflow on the CPU",
      wasm: `WebAssembly${simd ? " with SIMD" : ""}; install @tensorflow/tfjs-node for a native CPU backend`,
      cpu: "plain JavaScript (slow); install @tensorflow/tfjs-backend-wasm or @tensorflow/tfjs-node",
    };
    return `TensorFlow.js ${version}: ${backend} (${extra[backend]})`;
  } catch (err) {
    return `TensorFlow.js unavailable: ${err instanceof Error ? err.message : String(err)}`;
  }
}
