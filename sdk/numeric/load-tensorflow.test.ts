import { describe, expect, it } from "vitest";
import { HyperagentsError } from "../errors.js";
import {
  BACKEND_ENV,
  backendFromEnv,
  describeBackend,
  isInstalled,
  loadTensorFlow,
} from "./load-tensorflow.js";

describe("loadTensorFlow", () => {
  it("picks the fastest installed backend (wasm here, since the native packages are absent)", async () => {
    const { tf, backend } = await loadTensorFlow();
    const expected =
      isInstalled("@tensorflow/tfjs-node") || isInstalled("@tensorflow/tfjs-node-gpu")
        ? ["tensorflow", "tensorflow-gpu"]
        : ["wasm"];
    expect(expected).toContain(backend);
    const product = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(await product.data())).toEqual([11]);
  });

  it("memoises and re-activates a backend when switching between choices", async () => {
    const a = await loadTensorFlow({ backend: "cpu" });
    expect(a.tf.getBackend()).toBe("cpu");
    const b = await loadTensorFlow({ backend: "wasm" });
    expect(b.tf.getBackend()).toBe("wasm");
    const c = await loadTensorFlow({ backend: "cpu" });
    expect(c).toBe(a);
    expect(c.tf.getBackend()).toBe("cpu");
  });

  it("rejects a bad HYPERAGENTS_TF_BACKEND with the valid names", () => {
    let caught: unknown;
    try {
      backendFromEnv({ [BACKEND_ENV]: "cuda" });
    } catch (err) {
      caught = err;
    }
    expect(HyperagentsError.is(caught) && caught.kind).toBe("user");
    expect(String(caught)).toMatch(/tensorflow-gpu, tensorflow, wasm, cpu/);
    expect(backendFromEnv({ [BACKEND_ENV]: "wasm" })).toBe("wasm");
    expect(backendFromEnv({})).toBeUndefined();
  });

  it("says how to install a forced native backend that is missing", async () => {
    if (isInstalled("@tensorflow/tfjs-node")) return expect(isInstalled("@tensorflow/tfjs-node")).toBe(true);
    await expect(loadTensorFlow({ backend: "tensorflow" })).rejects.toThrow(/install @tensorflow\/tfjs-node/);
  });

  it("describes the backend in one line", async () => {
    const line = await describeBackend({ backend: "wasm" });
    expect(line).toMatch(/^TensorFlow\.js \d+\.\d+\.\d+: wasm \(WebAssembly/);
    expect(line).not.toContain("\n");
  });
});
