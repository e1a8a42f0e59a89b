import { describe, expect, it } from "vitest";
import { sameKeywords, scoreFalseBelief, scorePerspectiveTaking } from "./tom.js";

const truth = ["ocean", "piano", "desert", "knight"];
const wrong = ["sea", "music", "sand", "horse"];

describe("theory-of-mind scoring", () => {
  it("compares keyword lists case-insensitively, and an unknown matches an unknown (official scoring)", () => {
    expect(sameKeywords([" Ocean", "PIANO", "desert", "knight "], truth)).toBe(true);
    expect(
      sameKeywords(["unknown", "piano", "desert", "knight"], ["Unknown ", "piano", "desert", "knight"]),
    ).toBe(true);
    // "unknown" reads as an empty answer, as compare_kw_lists replaces it with "".
    expect(sameKeywords(["unknown", "piano", "desert", "knight"], ["", "piano", "desert", "knight"])).toBe(
      true,
    );
    expect(sameKeywords(["unknown", "piano", "desert", "knight"], truth)).toBe(false);
  });

  it("passes the strong tests when Eve says unknown before and after the reveal", () => {
    const unsure = ["sea", "unknown", "unknown", "horse"];
    const scores = scoreFalseBelief([
      { game: 1, truth, vanilla: unsure, repChange: unsure, falseBelief: unsure },
    ]);
    expect(scores.countedTurns).toBe(1);
    expect(scores.strongRepresentationalChange).toBe(1);
    expect(scores.strongFalseBelief).toBe(1);
    expect(scores.selfOtherConsistency).toBe(1);
  });

  it("scores weak, strong and self–other consistency per game, skipping turns Eve already knew", () => {
    const scores = scoreFalseBelief([
      // Game 1: a perfect reasoner on both turns.
      { game: 1, truth, vanilla: wrong, repChange: wrong, falseBelief: wrong },
      { game: 1, truth, vanilla: wrong, repChange: wrong, falseBelief: wrong },
      // Game 2: claims she knew all along (fails rep change) but models the other interceptor.
      { game: 2, truth, vanilla: wrong, repChange: truth, falseBelief: wrong },
      // Not counted: she already knew the keywords.
      { game: 2, truth, vanilla: truth, repChange: truth, falseBelief: truth },
      // Game 3: weak pass only (answers differ from the truth and from her earlier belief).
      { game: 3, truth, vanilla: wrong, repChange: ["a", "b", "c", "d"], falseBelief: ["e", "f", "g", "h"] },
    ]);
    expect(scores.countedTurns).toBe(4);
    expect(scores.weakRepresentationalChange).toBeCloseTo((1 + 0 + 1) / 3);
    expect(scores.weakFalseBelief).toBeCloseTo(1);
    expect(scores.strongRepresentationalChange).toBeCloseTo(1 / 3);
    expect(scores.strongFalseBelief).toBeCloseTo(2 / 3);
    expect(scores.selfOtherConsistency).toBeCloseTo(1 / 3);
  });

  it("scores perspective taking: matches, matches on interceptions, predicting the code", () => {
    const s = scorePerspectiveTaking([
      { game: 1, code: [1, 2, 3], interceptorGuess: [1, 2, 3], predicted: [1, 2, 3] },
      { game: 1, code: [2, 3, 4], interceptorGuess: [4, 3, 2], predicted: [2, 3, 4] },
      { game: 2, code: [3, 1, 2], interceptorGuess: [3, 1, 2], predicted: [1, 3, 2] },
      { game: 2, code: [4, 1, 2], interceptorGuess: [1, 4, 2], predicted: [1, 4, 2] },
    ]);
    expect(s).toEqual({
      turns: 4,
      matchRate: 0.5,
      matchRateOnInterceptions: 0.5,
      interceptionTurns: 2,
      predictsCodeRate: 0.5,
    });
  });
});
