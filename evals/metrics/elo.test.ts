import { describe, expect, it } from "vitest";
import { fitBradleyTerry } from "./bradley-terry.js";
import { battleOutcome, eloBattles, eloRatings, winWeights } from "./elo.js";

const ELO_ODDS_2 = 400 * Math.log10(2); // ≈ 120.41: the gap at which the better player wins 2 of 3.

describe("battle outcomes", () => {
  it("lets the better score win, in the metric's direction", () => {
    expect(battleOutcome(0.9, 0.5, false)).toBe("a");
    expect(battleOutcome(0.9, 0.5, true)).toBe("b");
  });

  it("ties within numpy's isclose (atol 1e-6, rtol 1e-5 of the second score)", () => {
    expect(battleOutcome(0.5, 0.5000005, false)).toBe("tie");
    expect(battleOutcome(0.5, 0.50001, false)).toBe("b");
    expect(battleOutcome(1e7, 1e7 + 50, true)).toBe("tie");
  });

  it("makes N/A lose to a number and tie with N/A; NaN counts as N/A", () => {
    expect(battleOutcome(null, 0.1, false)).toBe("b");
    expect(battleOutcome(0.1, null, true)).toBe("a");
    expect(battleOutcome(null, Number.NaN, true)).toBe("tie");
  });
});

describe("Bradley–Terry Elo", () => {
  it("counts every run against every run of every other player, SOTA with 10 copies", () => {
    // A×B = 2·3, A×SOTA = 2·10, B×SOTA = 3·10: 56 battles, each stored in both orientations.
    const battles = eloBattles([
      { task: "t", lowerIsBetter: false, runs: { A: [1, 2], B: [1, 2, 3] }, sota: 5 },
    ]);
    expect(battles.players).toEqual(["A", "B", "sota"]);
    expect(battles.a.length).toBe(112);
  });

  it("fits two players: A wins 2 of 3 → gap 400·log10 2, mean 1000", () => {
    const battles = eloBattles([{ task: "t", lowerIsBetter: false, runs: { A: [0.9, 0.8, 0.1], B: [0.5] } }]);
    // Each battle twice, a win weighs 2: W[A][B] = 2·2·2 = 8, W[B][A] = 4.
    expect(winWeights(battles)).toEqual([
      [0, 8],
      [4, 0],
    ]);
    const fit = fitBradleyTerry(winWeights(battles));
    expect(fit.converged).toBe(true);
    expect(fit.ratings[0]).toBeCloseTo(1000 + ELO_ODDS_2 / 2, 6);
    expect(fit.ratings[1]).toBeCloseTo(1000 - ELO_ODDS_2 / 2, 6);
  });

  it("counts a tie as half a win for each side", () => {
    // A: one win, one tie against B → weights 6 : 2, odds 3, gap 400·log10 3.
    const battles = eloBattles([{ task: "t", lowerIsBetter: true, runs: { A: [0.1, 0.5], B: [0.5] } }]);
    const [a, b] = fitBradleyTerry(winWeights(battles)).ratings;
    expect(a! - b!).toBeCloseTo(400 * Math.log10(3), 6);
  });

  it("fits three players whose odds are consistent: 2:1, 2:1 and 4:1", () => {
    const tasks = [
      { task: "ab", lowerIsBetter: false, runs: { A: [0.9, 0.8, 0.1], B: [0.5] } },
      { task: "bc", lowerIsBetter: false, runs: { B: [0.9, 0.8, 0.1], C: [0.5] } },
      { task: "ac", lowerIsBetter: false, runs: { A: [0.9, 0.8, 0.7, 0.6, 0.1], C: [0.5] } },
    ];
    const fit = fitBradleyTerry(winWeights(eloBattles(tasks)));
    expect(fit.ratings[0]).toBeCloseTo(1000 + ELO_ODDS_2, 6);
    expect(fit.ratings[1]).toBeCloseTo(1000, 6);
    expect(fit.ratings[2]).toBeCloseTo(1000 - ELO_ODDS_2, 6);
  });

  it("reports bootstrap medians and intervals, seeded and best first", () => {
    const tasks = [
      { task: "t1", lowerIsBetter: false, runs: { A: [0.9, 0.7, 0.2], B: [0.6, 0.4, null] }, sota: 0.8 },
      { task: "t2", lowerIsBetter: true, runs: { A: [1, 3, null], B: [2, 2.5, 4] }, sota: 1.5 },
    ];
    const first = eloRatings(tasks, { bootstrapRounds: 40, seed: 3 });
    expect(eloRatings(tasks, { bootstrapRounds: 40, seed: 3 })).toEqual(first);
    expect(first.converged).toBe(true);
    expect(first.ratings.map((r) => r.player)).toEqual(["sota", "A", "B"]);
    expect(first.ratings.reduce((sum, r) => sum + r.mle, 0) / 3).toBeCloseTo(1000, 6);
    for (const r of first.ratings) {
      expect(r.ci[0]).toBeLessThanOrEqual(r.rating);
      expect(r.ci[1]).toBeGreaterThanOrEqual(r.rating);
    }
  });

  it("says when the MLE does not exist (a player who always wins)", () => {
    const fit = fitBradleyTerry([
      [0, 4],
      [0, 0],
    ]);
    expect(fit.converged).toBe(false);
    expect(fit.ratings[0]!).toBeGreaterThan(fit.ratings[1]!);
  });
});
