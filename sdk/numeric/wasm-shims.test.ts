import { describe, expect, it } from "vitest";
import { loadTensorFlow } from "./load-tensorflow.js";
import { registerWasmShims } from "./wasm-shims.js";

/** Runs the same computation on cpu and wasm and returns both results. */
async function onBoth(fn: (tf: Awaited<ReturnType<typeof loadTensorFlow>>["tf"]) => Promise<number[]>) {
  const cpu = await loadTensorFlow({ backend: "cpu" });
  const expected = await fn(cpu.tf);
  const wasm = await loadTensorFlow({ backend: "wasm" });
  const actual = await fn(wasm.tf);
  return { expected, actual };
}

describe("wasm shims", () => {
  it("registers UnsortedSegmentSum once", async () => {
    const { tf } = await loadTensorFlow({ backend: "wasm" });
    expect(tf.getKernel("UnsortedSegmentSum", "wasm")).toBeDefined();
    expect(registerWasmShims(tf)).toEqual([]);
  });

  it("unsortedSegmentSum matches cpu on 2-D input with repeated and dropped ids", async () => {
    const { expected, actual } = await onBoth(async (tf) => {
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
      const out = tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 1], "int32"), 3);
      expect(out.shape).toEqual([3, 2]);
      return Array.from(await out.data());
    });
    expect(actual).toEqual(expected);
    expect(actual).toEqual([3, 4, 7, 8, 6, 8]);
  });

  it("the gradient of gather (an embedding lookup) matches cpu", async () => {
    const { expected, actual } = await onBoth(async (tf) => {
      const table = tf.tensor2d([0.5, -1, 2, 0.25, 3, 1, -2, 0.75, 1.5], [3, 3]);
      const ids = tf.tensor1d([0, 2, 2, 1, 2], "int32");
      const weights = tf.tensor2d([1, 2, 3, 4, 5], [5, 1]);
      const g = tf.grad((t) => tf.sum(tf.mul(tf.gather(t, ids), weights)))(table);
      return Array.from(await g.data());
    });
    expect(actual).toHaveLength(9);
    for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i] ?? Number.NaN, 5);
  });
});
