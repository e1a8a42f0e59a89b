import { describe, expect, it } from "vitest";
import { type AirsTaskInfo, airsLeaderboard, SOTA_PLAYER } from "./board.js";
import { formatLeaderboard } from "./format.js";
import type { AirsRun } from "./runs.js";

/**
 * Two tasks whose anchors make the log-normalised score easy by hand:
 * - up (↑, optimum 1): worst 0 gives φ(worst) = −log10 1 = 0, SOTA 0.9 gives φ = 1, so NS = −log10(1 − s).
 * - down (↓, optimum 0): worst 1 gives φ = 0, SOTA 0.01 gives φ = 2, so NS = −log10(s) / 2.
 */
const TASKS: Record<string, AirsTaskInfo> = {
  "airs/up": {
    name: "Up",
    metric: "Accuracy",
    lowerIsBetter: false,
    optimalScore: 1,
    sota: [{ score: 0.9, source: "paper" }],
    estimatedWorstScore: 0,
  },
  "airs/down": {
    name: "Down",
    metric: "MAE",
    lowerIsBetter: true,
    optimalScore: 0,
    sota: [{ score: 0.01, source: "paper" }],
    estimatedWorstScore: 1,
  },
};

function run(agent: string, task: string, seed: number, score: number | null): AirsRun {
  return {
    agent,
    model: agent.split(" · ")[1]!,
    program: agent.split(" · ")[0]!,
    task,
    seed,
    score,
    valid: score !== null,
    normalizedScore: null,
    error: score === null ? "no submission.csv" : null,
    wallMs: 1000,
    log: "fixture",
  };
}

const A = "greedy · m1";
const B = "one-shot · m2";

/**
 *            up (↑, SOTA 0.9)        down (↓, SOTA 0.01)
 * A  seed 0: 0.99 → NS 2             0.01 → NS 1
 *    seed 1: 0.9  → NS 1             0.1  → NS 0.5
 * B  seed 0: 0.9  → NS 1             0.01 → NS 1
 *    seed 1: invalid → NS 0          1.0  → NS 0
 */
const RUNS: AirsRun[] = [
  run(A, "airs/up", 0, 0.99),
  run(A, "airs/up", 1, 0.9),
  run(A, "airs/down", 0, 0.01),
  run(A, "airs/down", 1, 0.1),
  run(B, "airs/up", 0, 0.9),
  run(B, "airs/up", 1, null),
  run(B, "airs/down", 0, 0.01),
  run(B, "airs/down", 1, 1.0),
];

const board = airsLeaderboard(RUNS, TASKS, { resamples: 4000, eloRounds: 60, seed: 5 });
const row = (agent: string) => board.agents.find((a) => a.agent === agent)!;

describe("the AIRS leaderboard on a table worked out by hand", () => {
  it("averages normalised scores per task, then over tasks; an invalid run scores 0", () => {
    // A: up (2 + 1)/2 = 1.5, down (1 + 0.5)/2 = 0.75 → 1.125. B: up (1 + 0)/2, down (1 + 0)/2 → 0.5.
    expect(board.agents.map((a) => a.agent)).toEqual([A, B]);
    expect(row(A).mean.value).toBeCloseTo(1.125, 10);
    expect(row(B).mean.value).toBeCloseTo(0.5, 10);
    // Median of the two per-task means is their mean; IQM of four entries drops one from each end.
    expect(row(A).median.value).toBeCloseTo(1.125, 10);
    expect(row(A).iqm.value).toBeCloseTo(1, 10); // [0.5, 1, 1, 2] → mean of [1, 1]
    expect(row(B).iqm.value).toBeCloseTo(0.5, 10); // [0, 0, 1, 1] → mean of [0, 1]
    expect(row(A)).toMatchObject({ runs: 4, tasks: 2, seeds: 2 });
  });

  it("gives the stratified bootstrap's extremes as the intervals of the mean", () => {
    // Each task's column of two seeds resamples to its min, mean or max; both at the minimum has
    // probability 1/16 > 2.5%, so the 95% interval is [mean of minima, mean of maxima].
    expect(row(A).mean.ci[0]).toBeCloseTo((1 + 0.5) / 2, 10);
    expect(row(A).mean.ci[1]).toBeCloseTo((2 + 1) / 2, 10);
    expect(row(B).mean.ci).toEqual([0, 1]);
  });

  it("takes the valid submission rate per task, then its mean over tasks with a t interval", () => {
    expect(row(A).vsr).toEqual({ mean: 1, ci: [1, 1] });
    // B: up 1/2, down 2/2 → 0.75; sd of [0.5, 1] = √0.125, se = 0.25, t(0.975, 1) = 12.706.
    expect(row(B).vsr.mean).toBeCloseTo(0.75, 10);
    expect(row(B).vsr.ci[0]).toBeCloseTo(0.75 - 12.706 * 0.25, 10);
    expect(row(B).vsr.ci[1]).toBeCloseTo(0.75 + 12.706 * 0.25, 10);
  });

  it("fits Elo with SOTA as a player: odds 3:1, 1:3 and 1:1 are consistent, so the MLE hits them exactly", () => {
    // A vs B (8 games): up 0.99>0.9, 0.99>N/A, 0.9=0.9, 0.9>N/A → 3.5; down 0.01=0.01, 0.01<1, 0.1>0.01 (loss), 0.1<1 → 2.5.
    //   A scores 6 of 8: odds 3.
    // A vs SOTA (10 copies, 40 games): 0.99 wins 10, 0.9 ties 10, 0.01 ties 10, 0.1 loses 10 → 20 of 40: odds 1.
    // B vs SOTA: 0.9 ties 10, N/A loses 10, 0.01 ties 10, 1.0 loses 10 → 10 of 40: odds 1/3.
    // 3 · (1/3) = 1, so R_A = R_SOTA = R_B + 400·log10 3, with the mean held at 1000.
    const gap = 400 * Math.log10(3);
    expect(board.battles).toBe(8 + 40 + 40);
    expect(row(A).elo!.mle).toBeCloseTo(1000 + gap / 3, 6);
    expect(board.sota!.mle).toBeCloseTo(1000 + gap / 3, 6);
    expect(row(B).elo!.mle).toBeCloseTo(1000 - (2 * gap) / 3, 6);
    expect(board.sota!.player).toBe(SOTA_PLAYER);
    expect(board.eloConverged).toBe(true);
    // The reported rating is the bootstrap median; B stays last, and each interval holds its rating.
    expect(row(B).elo!.rating).toBeLessThan(Math.min(row(A).elo!.rating, board.sota!.rating));
    for (const rating of [row(A).elo!, row(B).elo!, board.sota!]) {
      expect(rating.ci[0]).toBeLessThanOrEqual(rating.rating);
      expect(rating.ci[1]).toBeGreaterThanOrEqual(rating.rating);
    }
  });

  it("tabulates agent × task: mean NS, VSR and the mean raw score of the valid runs", () => {
    const cell = (agent: string, task: string) =>
      board.cells.find((c) => c.agent === agent && c.task === task);
    expect(cell(B, "airs/up")).toEqual({
      agent: B,
      task: "airs/up",
      runs: 2,
      valid: 1,
      vsr: 0.5,
      meanNormalizedScore: 0.5,
      meanScore: 0.9,
    });
    expect(cell(A, "airs/down")!.meanScore).toBeCloseTo(0.055, 10);
    expect(cell(A, "airs/up")!.meanNormalizedScore).toBeCloseTo(1.5, 10);
    expect(board.tasks).toEqual([
      { task: "airs/down", metric: "MAE", lowerIsBetter: true, sota: 0.01 },
      { task: "airs/up", metric: "Accuracy", lowerIsBetter: false, sota: 0.9 },
    ]);
    expect(board.notes).toEqual([]);
  });

  it("normalises against the worst observed score when asked", () => {
    // down's worst valid score is B's 1.0 (the estimate too); up's is 0.9: φ = 1 = φ(SOTA), so up's
    // normalised score divides by zero: the notebook's NaN → 0 and +∞ → 100 apply.
    const observed = airsLeaderboard(RUNS, TASKS, { worst: "observed", resamples: 200, eloRounds: 5 });
    const down = observed.cells.find((c) => c.agent === A && c.task === "airs/down")!;
    expect(down.meanNormalizedScore).toBeCloseTo(0.75, 10);
    const up = observed.cells.find((c) => c.agent === A && c.task === "airs/up")!;
    expect(up.meanNormalizedScore).toBe((100 + 0) / 2); // 0.99: (2 − 1)/0 = +∞ → 100; 0.9: 0/0 → 0
  });

  it("prints the headline table sorted by mean NS, SOTA last, then each task", () => {
    const text = formatLeaderboard(board);
    const lines = text.split("\n");
    const header = lines.findIndex((line) => line.startsWith("agent  "));
    expect(lines[header + 1]).toMatch(
      /^greedy · m1 +1\.125 +\[0\.750, 1\.500\] +1\.125 +1\.000 +100 +\[100, 100\] +\d{4} +\[\d{3,4}, \d{4}\] +2 +4$/,
    );
    expect(lines[header + 2]).toMatch(
      /^one-shot · m2 +0\.500 +\[0\.000, 1\.000\] +0\.500 +0\.500 +75 +\[-243, 393\] +\d{3} /,
    );
    expect(lines[header + 3]).toMatch(/^SOTA \(reference\) +1\.000 +by construction +\d{4}/);
    expect(text).toContain("airs/up  (Accuracy, higher is better; SOTA 0.9000)");
    expect(text).toMatch(/one-shot · m2 +0\.500 +50 \(1\/2\) +0\.9000/);
  });
});

describe("uneven and unknown inputs", () => {
  it("uses the recorded normalised score for a task without metadata, keeps it out of Elo, and says so and when Elo has no fit", () => {
    const runs = [
      { ...run(A, "elsewhere", 0, 3), normalizedScore: 0.4 },
      { ...run(A, "elsewhere", 1, 5), normalizedScore: 0.6 },
      run(A, "airs/up", 0, 0.99),
    ];
    const result = airsLeaderboard(runs, TASKS, { resamples: 200, eloRounds: 5 });
    expect(result.cells.find((c) => c.task === "elsewhere")!.meanNormalizedScore).toBeCloseTo(0.5, 10);
    // Seed 1 did not run airs/up: the matrix keeps seed 0 only, (0.4 + 2) / 2.
    expect(result.agents[0]!.mean.value).toBeCloseTo(1.2, 10);
    expect(result.agents[0]!.seeds).toBe(1);
    expect(result.battles).toBe(10); // airs/up only: one run against SOTA's 10 copies
    // 0.99 beats SOTA's 0.9 in all 10 battles: the Bradley–Terry likelihood has no maximum.
    expect(result.eloConverged).toBe(false);
    expect(result.notes).toEqual([
      "no metadata for elsewhere: their recorded normalised scores are used, and they play no Elo battles",
      "Elo: some player won or lost every battle against the rest, so the ratings have no finite fit; they give the order, not the gaps (more seeds or agents help)",
      `${A}: 1 of 2 seeds not run on every task, left out of its intervals`,
    ]);
  });
});
