import { beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../../sdk/internal/random.js";
import { loadTensorFlow, type TF } from "../../../sdk/numeric/index.js";
import { degenRollout, trainDegen } from "./degen.js";
import { initGenerator } from "./generator.js";
import { initWeights } from "./policy.js";

let tf: TF;

describe("DEGen-lite", () => {
  beforeAll(async () => {
    ({ tf } = await loadTensorFlow({ backend: "wasm" }));
  });

  it("generates only unobserved cells in view, at most one goal per level, and credits gated MNA", () => {
    const random = seededRandom(3);
    const { student, gen } = degenRollout(
      initWeights(random, 8),
      initGenerator(random, 8),
      200,
      9,
      40,
      random,
    );
    expect(student.actions).toHaveLength(200);
    expect(gen.length).toBeGreaterThan(10);
    let goals = 0;
    for (const step of gen) {
      expect(step.locMask[step.loc]).toBe(1);
      if (step.type === 2) {
        expect(step.goalAllowed).toBe(true);
        goals += 1;
      }
      if (step.done === 1) goals = 0;
      expect(goals).toBeLessThanOrEqual(1);
      expect(step.reward).toBeGreaterThanOrEqual(0);
    }
    // A level ends with each student episode: as many generator "dones" as completed episodes.
    const episodes = student.dones.reduce((a, b) => a + b, 0);
    expect(gen.filter((g) => g.done === 1)).toHaveLength(episodes);
  });

  it("trains a student and its generator for a few updates", () => {
    const result = trainDegen({
      tf,
      seed: 1,
      updates: 2,
      envs: 2,
      steps: 32,
      size: 9,
      maxSteps: 40,
      hidden: 8,
    });
    expect(result.envSteps).toBe(2 * 2 * 32);
    expect(result.generatorSteps).toBeGreaterThan(0);
    expect(result.weights.w1.every(Number.isFinite)).toBe(true);
  });
});
