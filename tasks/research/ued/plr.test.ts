import { describe, expect, it } from "vitest";
import { parseLevel } from "./maze.js";
import { createLevelBuffer } from "./plr.js";

const level = (goal: string) => parseLevel([`>.${goal}`], 10);

describe("PLR level buffer", () => {
  it("weights levels by rank (1/rank)^(1/β) mixed with staleness", () => {
    const buffer = createLevelBuffer({
      capacity: 3,
      replayProb: 0.5,
      staleness: 0,
      temperature: 1,
      minimumFill: 0,
    });
    buffer.insert(level("G"), 3, 0);
    buffer.insert(level("G"), 1, 0);
    buffer.insert(level("G"), 2, 0);
    const sum = 1 + 1 / 3 + 1 / 2;
    const w = buffer.weights();
    expect(w[0]).toBeCloseTo(1 / sum, 12);
    expect(w[1]).toBeCloseTo(1 / 3 / sum, 12);
    expect(w[2]).toBeCloseTo(1 / 2 / sum, 12);
  });

  it("replaces the lowest score only with a higher one, and skips scores that are not finite", () => {
    const buffer = createLevelBuffer({
      capacity: 2,
      replayProb: 1,
      staleness: 0.3,
      temperature: 1,
      minimumFill: 1,
    });
    buffer.insert(level("G"), 0.5, 0);
    buffer.insert(level("G"), 0.2, 0);
    buffer.insert(level("G"), 0.1, 0);
    expect(buffer.scores()).toEqual([0.5, 0.2]);
    buffer.insert(level("G"), 0.9, 0);
    expect(buffer.scores()).toEqual([0.5, 0.9]);
    buffer.insert(level("G"), Number.NEGATIVE_INFINITY, 0);
    expect(buffer.size).toBe(2);
  });

  it("favours stale levels and keeps each level's best return", () => {
    const buffer = createLevelBuffer({
      capacity: 2,
      replayProb: 1,
      staleness: 1,
      temperature: 1,
      minimumFill: 1,
    });
    buffer.insert(level("G"), 1, 0);
    buffer.insert(level("G"), 1, 0);
    expect(buffer.shouldReplay(() => 0.5)).toBe(true);
    // Level 0 was just sampled; with pure staleness the next draw must be level 1.
    expect(buffer.sample(1, () => 0)).toEqual([0]);
    expect(buffer.weights()).toEqual([0, 1]);
    buffer.update(0, 0.4, 0.7);
    buffer.update(0, 0.3, 0.2);
    expect(buffer.maxReturn(0)).toBe(0.7);
    expect(buffer.scores()[0]).toBe(0.3);
  });
});
