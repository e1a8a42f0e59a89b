/**
 * A solution that trains a tiny TensorFlow.js model on the WebAssembly backend through
 * "hyperagents/solution", under the permission model, and one that imports @tensorflow/tfjs
 * itself: both get the same tfjs instance the runtime set up.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSolution } from "./run-solution.js";

let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "tfjs-solution-"));
  dataDir = path.join(root, "data");
  await mkdir(dataDir);
  const xs = Array.from({ length: 40 }, (_, i) => i / 10);
  await writeFile(path.join(dataDir, "train.csv"), `x,y\n${xs.map((x) => `${x},${3 * x + 1}`).join("\n")}\n`);
  await writeFile(path.join(dataDir, "test.csv"), "x\n10\n20\n");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const TRAIN = `
import * as direct from "@tensorflow/tfjs";
import { loadTf, readSplit, runSeed, writeSubmission } from "hyperagents/solution";

const { tf, backend } = await loadTf();
const train = await readSplit("train");
const test = await readSplit("test");
const x = tf.tensor2d(train.map((r) => [Number(r.x)]));
const y = tf.tensor2d(train.map((r) => [Number(r.y)]));
const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: tf.initializers.zeros() }));
model.compile({ optimizer: tf.train.adam(0.1), loss: "meanSquaredError" });
await model.fit(x, y, { epochs: 150, batchSize: 40, verbose: 0, shuffle: false });
const pred = model.predict(tf.tensor2d(test.map((r) => [Number(r.x)]))) as import("@tensorflow/tfjs").Tensor;
const values = Array.from(await pred.data());
await writeSubmission(values.map((y) => ({ y })));
console.log(JSON.stringify({ backend, direct: direct.getBackend(), same: direct.engine() === tf.engine(), seed: runSeed() }));
`;

describe("a TensorFlow.js solution", () => {
  it("trains a tiny model on the wasm backend and writes its predictions", async () => {
    const result = await runSolution({
      solution: { source: TRAIN, filename: "train.ts" },
      workDir: path.join(root, "work"),
      dataDir,
      timeLimitMs: 120_000,
      backend: "wasm",
      env: { HYPERAGENTS_SEED: "3" },
    });
    expect(result.stderrTail).toBe("");
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdoutTail)).toEqual({ backend: "wasm", direct: "wasm", same: true, seed: 3 });
    const [header, ...rows] = (await readFile(result.submissionPath as string, "utf8")).trim().split("\n");
    expect(header).toBe("y");
    const predictions = rows.map(Number);
    // y = 3x + 1: a least-squares line through the training points extrapolates close to it.
    expect(predictions[0]).toBeGreaterThan(20);
    expect(predictions[1]).toBeGreaterThan(predictions[0] as number);
  }, 150_000);
});
