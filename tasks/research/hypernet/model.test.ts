import { beforeAll, describe, expect, it } from "vitest";
import { loadTensorFlow, type TF } from "../../../sdk/numeric/load-tensorflow.js";
import { generate } from "./generate.js";
import { controller, parameterCount, parsePolicy } from "./kit/policy.js";
import { policyForward } from "./model/base-policy.js";
import { ABLATIONS, MONOLITHIC_MODEL, type ModelConfig, REFERENCE_MODEL } from "./model/config.js";
import { groupFrames } from "./model/demonstrations.js";
import { oneHotWords } from "./model/instruction-encoder.js";
import { trainModel } from "./model/train.js";

const INSTRUCTIONS = ["push the red block to the left", "move the blue block to the top"];

describe("research/hypernet models", () => {
  let tf: TF;
  const groups = groupFrames(generate(3).train.filter((_, i) => i % 25 === 0));

  beforeAll(async () => {
    ({ tf } = await loadTensorFlow({ backend: "wasm" }));
  });

  const untrained = (config: ModelConfig) =>
    trainModel(tf, groups, config, { steps: 0, learningRate: 1e-3, framesPerInstruction: 4, seed: 1 });

  it("exports, per instruction, a valid 1,571-parameter policy that computes what the model computes", () => {
    for (const config of [REFERENCE_MODEL, MONOLITHIC_MODEL, ABLATIONS["init: variance"]!]) {
      const trained = untrained(config);
      const policies = trained.export(INSTRUCTIONS);
      const obs = Array.from({ length: 12 }, (_, i) => Math.sin(i + 1) * 0.8);
      const expected = tf.tidy(() => {
        const params = trained.model.policies(oneHotWords(tf, INSTRUCTIONS), INSTRUCTIONS.length);
        const frames = tf.tensor3d([...obs, ...obs], [2, 1, 12]);
        return policyForward(tf, params, frames).arraySync() as number[][][];
      });
      policies.forEach((policy, i) => {
        expect(parameterCount(parsePolicy(JSON.stringify(policy)))).toBe(1571);
        const out = controller(policy)(obs);
        for (const [j, value] of out.entries()) expect(value).toBeCloseTo(expected[i]![0]![j]!, 4);
      });
    }
  });

  it("starts every instruction from the same base network under the bias init, not under the variance init", () => {
    const same = untrained(REFERENCE_MODEL).export(INSTRUCTIONS);
    expect(same[0]).toEqual(same[1]);
    const different = untrained(ABLATIONS["init: variance"]!).export(INSTRUCTIONS);
    expect(different[0]).not.toEqual(different[1]);
  });

  it("trains deterministically from its seed, and lowers the behaviour-cloning loss", () => {
    const run = (steps: number) =>
      trainModel(tf, groups, REFERENCE_MODEL, {
        steps,
        learningRate: 3e-3,
        framesPerInstruction: 8,
        seed: 4,
      });
    const a = run(20);
    const b = run(20);
    expect(a.export(INSTRUCTIONS)).toEqual(b.export(INSTRUCTIONS));
    expect(run(120).finalLoss).toBeLessThan(run(10).finalLoss);
  }, 60_000);
});
