/**
 * TensorFlow.js backends: matmul GFLOP/s (256, 512, 1024) and one training step of a small MLP,
 * on every backend available here. Writes bench/results/numeric.json.
 * Run: npx tsx bench/numeric.ts
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import {
  type BackendName,
  describeBackend,
  isInstalled,
  loadTensorFlow,
  type TF,
} from "../sdk/numeric/index.js";

const SIZES = [256, 512, 1024];

async function time(fn: () => Promise<void>, minSeconds = 0.5): Promise<number> {
  await fn(); // warm-up (kernel compilation, allocation)
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minSeconds * 1000 || runs < 2) {
    await fn();
    runs++;
  }
  return (performance.now() - start) / 1000 / runs;
}

async function matmulGflops(tf: TF, n: number): Promise<number> {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const s = await time(
    async () => {
      const c = tf.matMul(a as never, b as never);
      await c.data();
      c.dispose();
    },
    n >= 1024 ? 1 : 0.5,
  );
  a.dispose();
  b.dispose();
  return (2 * n ** 3) / s / 1e9;
}

/** Seconds per step of a 784-256-128-10 MLP on a batch of 128 (SGD). */
async function mlpStep(tf: TF): Promise<number> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 256, activation: "relu" }),
      tf.layers.dense({ units: 128, activation: "relu" }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: "categoricalCrossentropy" });
  const x = tf.randomNormal([128, 784]);
  const y = tf.oneHot(tf.randomUniform([128], 0, 10, "int32") as never, 10);
  const s = await time(async () => {
    await model.trainOnBatch(x, y);
  }, 1);
  x.dispose();
  y.dispose();
  model.dispose();
  return s;
}

async function main(): Promise<void> {
  const backends: BackendName[] = ["cpu", "wasm"];
  if (isInstalled("@tensorflow/tfjs-node")) backends.push("tensorflow");
  if (isInstalled("@tensorflow/tfjs-node-gpu")) backends.push("tensorflow-gpu");
  const rows: { backend: string; matmulGflops: Record<string, number>; mlpStepMs: number }[] = [];
  for (const name of backends) {
    const { tf } = await loadTensorFlow({ backend: name });
    const gf: Record<string, number> = {};
    for (const n of SIZES) {
      // The plain-JS cpu backend needs ~10 s for one 1024 matmul; skip it there.
      if (name === "cpu" && n > 512) continue;
      gf[String(n)] = Math.round((await matmulGflops(tf, n)) * 100) / 100;
    }
    const mlp = Math.round((await mlpStep(tf)) * 1e5) / 100;
    rows.push({ backend: name, matmulGflops: gf, mlpStepMs: mlp });
  }
  const cpu = rows.find((r) => r.backend === "cpu");
  const wasm = rows.find((r) => r.backend === "wasm");
  const ratio =
    cpu && wasm
      ? Math.round(((wasm.matmulGflops["512"] ?? 0) / (cpu.matmulGflops["512"] ?? 1)) * 10) / 10
      : null;
  const mlpRatio = cpu && wasm ? Math.round((cpu.mlpStepMs / wasm.mlpStepMs) * 10) / 10 : null;
  process.stdout.write(`${await describeBackend()}\n\n`);
  process.stdout.write(
    `backend          ${SIZES.map((n) => `matmul ${n}`.padStart(12)).join("")}   MLP step (ms)\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `${r.backend.padEnd(16)} ${SIZES.map((n) => (r.matmulGflops[String(n)] === undefined ? "-" : `${r.matmulGflops[String(n)]} GF/s`).padStart(12)).join("")}   ${String(r.mlpStepMs).padStart(13)}\n`,
    );
  }
  process.stdout.write(`\nwasm/cpu: matmul 512 ${ratio}x, MLP step ${mlpRatio}x\n`);
  const out = fileURLToPath(new URL("./results/numeric.json", import.meta.url));
  await mkdir(fileURLToPath(new URL("./results/", import.meta.url)), { recursive: true });
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", node: process.version },
    backends: rows,
    wasmOverCpu: { matmul512: ratio, mlpStep: mlpRatio },
  };
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

await main();
