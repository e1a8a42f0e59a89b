import { describe, expect, it } from "vitest";
import { agentVsr, taskVsr, vsrBin } from "./vsr.js";

describe("valid submission rate", () => {
  it("is the fraction of valid runs per task", () => {
    expect(taskVsr("t", [true, false, true, true])).toEqual({
      task: "t",
      runs: 4,
      valid: 3,
      rate: 0.75,
      bin: "high",
    });
  });

  it("bins as the paper: invalid 0%, low 1–33%, medium 34–66%, high 67–100%", () => {
    expect(vsrBin(0)).toBe("invalid");
    expect(vsrBin(0.1)).toBe("low");
    expect(vsrBin(1 / 3)).toBe("low");
    expect(vsrBin(0.5)).toBe("medium");
    expect(vsrBin(2 / 3)).toBe("high");
    expect(vsrBin(1)).toBe("high");
  });

  it("averages over tasks with a t interval: a worked example", () => {
    // Rates 1, 0.5, 0: mean 0.5, sd 0.5, se 0.5/√3; t(0.975, 2) = 4.303; half-width 1.2422.
    const vsr = agentVsr({ a: [true, true], b: [true, false], c: [false, false] });
    expect(vsr.mean).toBe(0.5);
    const half = (4.303 * 0.5) / Math.sqrt(3);
    expect(vsr.ci[0]).toBeCloseTo(0.5 - half, 10);
    expect(vsr.ci[1]).toBeCloseTo(0.5 + half, 10);
    expect(vsr.tasks.map((t) => t.bin)).toEqual(["high", "medium", "invalid"]);
  });

  it("has no spread for one task and skips tasks without runs", () => {
    const vsr = agentVsr({ a: [true, false, false, false], none: [] });
    expect(vsr.mean).toBe(0.25);
    expect(vsr.ci).toEqual([0.25, 0.25]);
    expect(vsr.tasks).toHaveLength(1);
  });
});
