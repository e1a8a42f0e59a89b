import { describe, expect, it } from "vitest";
import { expertAction } from "./expert.js";
import { episodeSeed, successRate } from "./kit/evaluate-policy.js";
import {
  allInstructions,
  COLOURS,
  heldOutInstructions,
  instructionText,
  isHeldOut,
  parseInstruction,
  REGIONS,
  trainInstructions,
  VERBS,
} from "./kit/instructions.js";
import { controller, PARAM_CAP, type PolicyWeights, parameterCount, parsePolicy } from "./kit/policy.js";
import { observe, resetState, step } from "./kit/sim.js";

/** A policy of the given layer sizes with every weight `value`. */
function filled(sizes: number[], value = 0.01): PolicyWeights {
  return {
    layers: sizes.slice(1).map((out, l) => ({
      w: Array.from({ length: sizes[l]! }, () => new Array<number>(out).fill(value)),
      b: new Array<number>(out).fill(0),
    })),
  };
}

describe("research/hypernet kit", () => {
  it("holds out 8 of 32 instructions, every word pair still seen in training", () => {
    expect(allInstructions()).toHaveLength(32);
    expect(heldOutInstructions()).toHaveLength(8);
    const train = trainInstructions();
    for (const { verb, colour, region } of heldOutInstructions()) {
      expect(train.some((t) => t.verb === verb && t.colour === colour)).toBe(true);
      expect(train.some((t) => t.verb === verb && t.region === region)).toBe(true);
      expect(train.some((t) => t.colour === colour && t.region === region)).toBe(true);
    }
    expect(new Set(heldOutInstructions().map((i) => i.colour)).size).toBe(COLOURS.length);
    expect(new Set(heldOutInstructions().map((i) => i.region)).size).toBe(REGIONS.length);
    expect(new Set(heldOutInstructions().map((i) => i.verb)).size).toBe(VERBS.length);
    const text = instructionText({ verb: "push", colour: "blue", region: "left" });
    expect(text).toBe("push the blue block to the left");
    expect(isHeldOut(parseInstruction(text))).toBe(true);
    expect(() => parseInstruction("push blue left")).toThrow(/not an instruction/);
  });

  it("replays an episode exactly from its seed and actions", () => {
    const instruction = parseInstruction("move the green block to the top");
    const trace = (seed: number) => {
      const state = resetState(seed);
      const seen: number[][] = [];
      for (let t = 0; t < 30; t++) {
        seen.push(observe(state));
        step(state, [Math.sin(t), Math.cos(t * 1.3), t % 7 < 3 ? 1 : -1], instruction);
      }
      return seen;
    };
    expect(trace(5)).toEqual(trace(5));
    expect(trace(6)).not.toEqual(trace(5));
    expect(observe(resetState(5))).toHaveLength(12);
  });

  it("has an expert that solves every instruction, including the held-out ones", () => {
    for (const instruction of allInstructions()) {
      let wins = 0;
      for (let i = 0; i < 25; i++) {
        const state = resetState(episodeSeed(99, i));
        for (;;) {
          const { success, done } = step(state, expertAction(state, instruction), instruction);
          if (done) {
            if (success) wins++;
            break;
          }
        }
      }
      expect(wins, instructionText(instruction)).toBe(25);
    }
  });

  it("scores a do-nothing policy near zero: the tasks are not solved by chance", () => {
    for (const instruction of heldOutInstructions())
      expect(successRate(controller(filled([12, 3], 0)), instruction, 3, 20)).toBe(0);
  });

  it("counts parameters and refuses policies over the cap or malformed", () => {
    const fits = filled([12, 32, 32, 3]);
    expect(parameterCount(fits)).toBe(1571);
    expect(parameterCount(parsePolicy(JSON.stringify(fits)))).toBe(1571);
    expect(parameterCount(fits)).toBeLessThanOrEqual(PARAM_CAP);
    expect(() => parsePolicy(JSON.stringify(filled([12, 64, 32, 3])))).toThrow(/over the cap of 1600/);
    expect(() => parsePolicy(JSON.stringify(filled([12, 32, 4])))).toThrow(/3 units/);
    expect(() => parsePolicy(JSON.stringify(filled([11, 32, 3])))).toThrow(/12 rows/);
    expect(() => parsePolicy("{")).toThrow(/not JSON/);
    const broken = filled([12, 3]);
    broken.layers[0]!.b[1] = Number.NaN;
    expect(() => parsePolicy(broken)).toThrow(/not a finite number/);
  });

  it("runs a policy as tanh layers and a linear output", () => {
    const policy = filled([12, 2, 3], 0.5);
    const out = controller(policy)(new Array(12).fill(0.1));
    const hidden = Math.tanh(12 * 0.1 * 0.5);
    expect(out).toEqual([1, 1, 1].map(() => expect.closeTo(2 * hidden * 0.5, 12)));
  });
});
