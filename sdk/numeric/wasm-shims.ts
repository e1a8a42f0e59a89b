/**
 * Kernels the WebAssembly backend lacks but our code needs. `UnsortedSegmentSum` is what the
 * gradient of `gather` (embedding lookups) runs, so without it training any model with an
 * embedding table fails on wasm. Each shim reads its inputs from the wasm heap, computes in
 * JavaScript and writes one output; they are tested against the cpu backend.
 */
import type { TF } from "./load-tensorflow.js";

type TensorInfo = { dataId: object; shape: number[]; dtype: string };
type Values = Float32Array | Int32Array | Uint8Array;

interface WasmBackendLike {
  readSync(dataId: object): Values | Uint8Array[];
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: Values): TensorInfo;
}

interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const b = backend as WasmBackendLike;
  const x = inputs.x;
  const ids = inputs.segmentIds;
  if (x === undefined || ids === undefined) throw new Error("UnsortedSegmentSum needs x and segmentIds");
  const numSegments = Number(attrs?.numSegments);
  const xs = b.readSync(x.dataId) as Float32Array | Int32Array;
  const segs = b.readSync(ids.dataId) as Int32Array | Float32Array;
  // segmentIds covers the leading ids.shape dims of x; the rest is one row of `inner` values.
  const outer = segs.length;
  const inner = outer === 0 ? 0 : xs.length / outer;
  const out =
    x.dtype === "int32" ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let i = 0; i < outer; i++) {
    const s = segs[i] ?? -1;
    if (s < 0 || s >= numSegments) continue; // out-of-range ids are dropped, as in TensorFlow
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j] = (out[dst + j] ?? 0) + (xs[src + j] ?? 0);
  }
  return b.makeOutput([numSegments, ...x.shape.slice(ids.shape.length)], x.dtype, undefined, out);
}

const SHIMS: Record<string, (args: KernelArgs) => TensorInfo> = {
  UnsortedSegmentSum: unsortedSegmentSum,
};

/** Registers each shim for the wasm backend unless tfjs already has that kernel. Idempotent. */
export function registerWasmShims(tf: TF): string[] {
  const added: string[] = [];
  for (const [kernelName, kernelFunc] of Object.entries(SHIMS)) {
    if (tf.getKernel(kernelName, "wasm") !== undefined) continue;
    tf.registerKernel({
      kernelName,
      backendName: "wasm",
      kernelFunc: kernelFunc as unknown as Parameters<TF["registerKernel"]>[0]["kernelFunc"],
    });
    added.push(kernelName);
  }
  return added;
}
