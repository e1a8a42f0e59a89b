/**
 * The learning student, on the real TensorFlow.js (cpu backend): a rewarded update raises the
 * probability of the actions taken, a seed replays the weights and the samples, and a few
 * hundred steps on one kind of problem teach it that kind.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../../sdk/internal/random.js";
import { loadTensorFlow, type TF } from "../../../sdk/numeric/index.js";
import { ACTIONS, encodeProblem, isCorrect, runActions } from "./index.js";
import { createPolicy } from "./policy.js";
import { greedyCorrect, sampleSuccesses, trainStep } from "./rollout.js";

let tf: TF;
beforeAll(async () => {
  tf = (await loadTensorFlow({ backend: "cpu" })).tf;
});

const op = (name: (typeof ACTIONS)[number]) => ACTIONS.indexOf(name);

describe("encoding and the fold", () => {
  it("reads the numbers in order, commas included, one feature row each", () => {
    const e = encodeProblem("Ann has 1,200 coins and 3 bags. She gives away 15. How many are left?");
    expect(e.numbers).toEqual([1200, 3, 15]);
    expect(e.features).toHaveLength(3);
    expect(e.features.every((row) => row.every((i) => i >= 0 && i < 512))).toBe(true);
  });

  it("folds numbers with the chosen operations; skipped numbers do not count", () => {
    expect(runActions([12, 7, 3], [op("add"), op("skip"), op("mul")])).toBe(36);
    expect(runActions([5, 12], [op("add"), op("rsub")])).toBe(7);
    expect(runActions([4, 20], [op("add"), op("rdiv")])).toBe(5);
    expect(runActions([4], [op("skip")])).toBeNaN();
    expect(isCorrect(0.1 + 0.2, 0.3)).toBe(true);
    expect(isCorrect(Number.NaN, 0)).toBe(false);
  });
});

describe("the policy", () => {
  const text = "Tom has 8 apples. He buys 5 more apples. How many apples does he have now?";

  it("one rewarded update raises the chosen actions' probability; a penalised one lowers it", () => {
    const policy = createPolicy(tf, { seed: 3 });
    try {
      const encoded = policy.encode(text);
      const actions = [op("add"), op("add")];
      const before = policy.probabilities([encoded])[0]!;
      policy.update([{ encoded, actions, advantage: 1 }]);
      const after = policy.probabilities([encoded])[0]!;
      for (const [i, a] of actions.entries()) expect(after[i]![a]!).toBeGreaterThan(before[i]![a]!);
      policy.update([{ encoded, actions, advantage: -1 }]);
      policy.update([{ encoded, actions, advantage: -1 }]);
      const lowered = policy.probabilities([encoded])[0]!;
      expect(lowered[1]![actions[1]!]!).toBeLessThan(after[1]![actions[1]!]!);
    } finally {
      policy.dispose();
    }
  });

  it("a problem always or never solved gives no update (zero group advantage)", () => {
    const policy = createPolicy(tf, { seed: 4 });
    try {
      const before = policy.weights();
      // An answer no fold of 8 and 5 reaches: every rollout fails, every advantage is 0.
      trainStep(policy, [{ text, answer: 1e9 }], 8, seededRandom(1));
      expect(policy.weights()).toEqual(before);
    } finally {
      policy.dispose();
    }
  });

  it("the same seed gives the same weights, samples and trained weights", () => {
    const problems = [
      { text, answer: 13 },
      { text: "A box holds 6 pens. There are 4 boxes. How many pens are there in all?", answer: 24 },
    ];
    const run = (seed: number) => {
      const policy = createPolicy(tf, { seed });
      try {
        const random = seededRandom(seed);
        const initial = policy.weights();
        const steps = Array.from({ length: 5 }, () => trainStep(policy, problems, 6, random).successes);
        return { initial, steps, trained: policy.weights() };
      } finally {
        policy.dispose();
      }
    };
    const a = run(11);
    const b = run(11);
    expect(b).toEqual(a);
    expect(run(12).initial).not.toEqual(a.initial);
  });

  it("learns a kind of problem from the words: accuracy on fresh numbers rises", () => {
    const random = seededRandom(5);
    const make = () => {
      const x = 2 + Math.floor(random() * 40);
      const y = 2 + Math.floor(random() * 9);
      return random() < 0.5
        ? { text: `Sam has ${x} marbles. He loses ${y} marbles. How many marbles are left?`, answer: x - y }
        : { text: `Each bag has ${y} apples. Mia has ${x} bags. How many apples are there?`, answer: x * y };
    };
    const test = Array.from({ length: 40 }, make);
    const policy = createPolicy(tf, { seed: 9, learningRate: 0.02 });
    try {
      const accuracy = () => greedyCorrect(policy, test).filter(Boolean).length / test.length;
      const start = accuracy();
      for (let step = 0; step < 120; step++) trainStep(policy, Array.from({ length: 8 }, make), 8, random);
      const end = accuracy();
      // The untrained argmax solves at most one of the two kinds.
      expect(start).toBeLessThanOrEqual(0.6);
      expect(end).toBeGreaterThan(0.9);
      expect(sampleSuccesses(policy, test.slice(0, 5), 4, random).successes).toHaveLength(5);
    } finally {
      policy.dispose();
    }
  });
});
