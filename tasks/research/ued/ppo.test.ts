import { beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../../sdk/internal/random.js";
import { loadTensorFlow, type TF } from "../../../sdk/numeric/index.js";
import { meanSolveRate, trainStudent } from "./curriculum.js";
import { heldOutLevels } from "./heldout.js";
import { ACTIONS, OBS_SIZE, observe, randomLevel } from "./maze.js";
import { forward, HEAD, initWeights, scratch, WEIGHT_KEYS, type Weights } from "./policy.js";
import { type Minibatch, ppoLoss, tfForward } from "./ppo.js";

let tf: TF;

function tensors(weights: Weights) {
  const h = weights.hidden;
  const shapes = [[OBS_SIZE, h], [h], [h, h], [h], [h, HEAD], [HEAD]];
  return WEIGHT_KEYS.map((key, i) => tf.tensor(weights[key], shapes[i]));
}

/** Real observations: every pose of a random 9×9 level. */
function observations(count: number): Float32Array {
  const random = seededRandom(4);
  const level = randomLevel(random, 9, [10, 20], 128);
  const obs = new Float32Array(count * OBS_SIZE);
  for (let i = 0; i < count; i++) {
    const cell = Math.floor(random() * 81);
    observe(level, { cell, dir: i % 4 }, obs.subarray(i * OBS_SIZE, (i + 1) * OBS_SIZE));
  }
  return obs;
}

describe("the PPO student", () => {
  beforeAll(async () => {
    ({ tf } = await loadTensorFlow({ backend: "wasm" }));
  });

  it("computes the same logits and values in plain JavaScript and in TensorFlow.js", () => {
    const weights = initWeights(seededRandom(1), 16);
    weights.head.forEach((_, i) => {
      weights.head[i] = Math.sin(i);
    });
    const n = 12;
    const obs = observations(n);
    const { logits, value } = tfForward(tf, tensors(weights), tf.tensor2d(obs, [n, OBS_SIZE]));
    const tfLogits = logits.dataSync();
    const tfValue = value.dataSync();
    const s = scratch(weights.hidden);
    for (let i = 0; i < n; i++) {
      const out = forward(weights, obs.subarray(i * OBS_SIZE, (i + 1) * OBS_SIZE), s);
      for (let a = 0; a < ACTIONS; a++) expect(out[a]).toBeCloseTo(tfLogits[i * ACTIONS + a]!, 4);
      expect(out[ACTIONS]).toBeCloseTo(tfValue[i]!, 4);
    }
  });

  it("has a loss gradient that matches central finite differences on a tiny net", () => {
    const random = seededRandom(2);
    const weights = initWeights(random, 4);
    weights.head.forEach((_, i) => {
      weights.head[i] = Math.cos(3 * i);
    });
    const n = 16;
    const oneHot = new Float32Array(n * ACTIONS);
    for (let i = 0; i < n; i++) oneHot[i * ACTIONS + (i % ACTIONS)] = 1;
    const mb: Minibatch = {
      obs: tf.tensor2d(observations(n), [n, OBS_SIZE]),
      actionsOneHot: tf.tensor2d(oneHot, [n, ACTIONS]),
      oldLogProbs: tf.tensor1d(Array.from({ length: n }, () => -1.1 + 0.4 * (random() - 0.5))),
      oldValues: tf.tensor1d(Array.from({ length: n }, () => random() - 0.5)),
      advantages: tf.tensor1d(Array.from({ length: n }, () => random() * 2 - 1)),
      targets: tf.tensor1d(Array.from({ length: n }, () => random())),
    };
    const config = { clipEps: 0.2, entropyCoeff: 0.05, criticCoeff: 0.5 };
    const params = tensors(weights);
    const loss = (p: typeof params) => ppoLoss(tf, p, mb, config).dataSync()[0]!;
    const grads = tf.grads((...p: (typeof params)[number][]) => ppoLoss(tf, p, mb, config))(params);
    const eps = 5e-3;
    let checked = 0;
    params.forEach((param, k) => {
      const base = param.dataSync();
      const grad = grads[k]!.dataSync();
      for (let j = 0; j < base.length; j += Math.max(1, Math.floor(base.length / 6))) {
        const shifted = (delta: number) => {
          const copy = Float32Array.from(base);
          copy[j]! += delta;
          return loss(params.map((p, i) => (i === k ? tf.tensor(copy, p.shape) : p)));
        };
        const numeric = (shifted(eps) - shifted(-eps)) / (2 * eps);
        expect(Math.abs(numeric - grad[j]!)).toBeLessThan(3e-3 + 0.03 * Math.abs(numeric));
        checked += 1;
      }
    });
    expect(checked).toBeGreaterThan(30);
  });

  it("trains under PLR with MNA for a few updates and is scored on the held-out mazes", () => {
    let updates = 0;
    const result = trainStudent({
      tf,
      method: "mna",
      seed: 1,
      updates: 4,
      envs: 4,
      steps: 32,
      levels: [{ size: 9, walls: [0, 20], maxSteps: 128 }],
      plr: { capacity: 8, minimumFill: 0.5 },
      hidden: 8,
      onUpdate: () => {
        updates += 1;
      },
    });
    expect(updates).toBe(4);
    expect(result.envSteps).toBe(4 * 4 * 32);
    const { mean, perLevel } = meanSolveRate(
      heldOutLevels().map((h) => h.level),
      result.weights,
      2,
      1,
    );
    expect(perLevel).toHaveLength(6);
    expect(mean).toBeGreaterThanOrEqual(0);
    expect(mean).toBeLessThanOrEqual(1);
  });
});
