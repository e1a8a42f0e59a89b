import { describe, expect, it } from "vitest";
import {
  clippedGae,
  episodeStats,
  gae,
  maxMc,
  maxReturn,
  mna,
  positiveValueLoss,
  type Trace,
} from "./kit/scores.js";

/** Worked by hand with γ = λ = 0.5: δ = [−0.1, 0.2, −0.2]; the first episode (steps 0–1) returns 1. */
const HAND: Trace = { rewards: [0, 1, 0], values: [0.5, 0.8, 0.2], dones: [0, 1, 0], lastValue: 0 };

/**
 * The official `compute_clipped_gae(use_max_value=True)` transcribed literally: a forward scan
 * over cur_idx with one accumulator per start index, then the closing term.
 */
function officialClippedGae(trace: Trace, gamma: number, lambda: number): number[] {
  const T = trace.values.length;
  const ext = [...trace.values, trace.lastValue];
  const deltas = trace.rewards.map((r, t) => r + gamma * ext[t + 1]! * (1 - trace.dones[t]!) - ext[t]!);
  const gaeArr = new Array<number>(T).fill(0);
  const td = new Array<number>(T).fill(0);
  const isDone = new Array<number>(T).fill(0);
  for (let cur = 0; cur < T; cur++) {
    for (let s = 0; s < T; s++) {
      const delta = cur >= s ? deltas[cur]! : 0;
      const done = cur >= s ? trace.dones[cur]! : 0;
      const i = cur - s;
      td[s] = td[s]! + gamma ** i * delta;
      const clipped = Math.min(td[s]!, 0);
      td[s] = clipped;
      gaeArr[s] =
        gaeArr[s]! +
        lambda ** i * clipped * (1 - isDone[s]!) +
        (lambda ** (i + 1) / (1 - lambda)) * clipped * done * (1 - isDone[s]!);
      isDone[s] = isDone[s]! || done ? 1 : 0;
    }
  }
  return gaeArr.map((g, s) => {
    const i = T - s;
    return (1 - lambda) * (g + (lambda ** i / (1 - lambda)) * Math.min(td[s]!, 0) * (1 - isDone[s]!));
  });
}

function randomTrace(random: () => number, steps: number): Trace {
  return {
    rewards: Array.from({ length: steps }, () => (random() < 0.1 ? random() : 0)),
    values: Array.from({ length: steps }, () => random()),
    dones: Array.from({ length: steps }, () => (random() < 0.15 ? 1 : 0)),
    lastValue: random(),
  };
}

describe("regret scores", () => {
  it("computes GAE on a hand-worked trace", () => {
    const a = gae(HAND, 0.5, 0.5);
    // Â2 = δ2 = −0.2; Â1 = δ1 (episode ends) = 0.2; Â0 = δ0 + γλ·Â1 = −0.1 + 0.25·0.2.
    expect(a[2]).toBeCloseTo(-0.2, 12);
    expect(a[1]).toBeCloseTo(0.2, 12);
    expect(a[0]).toBeCloseTo(-0.05, 12);
  });

  it("computes MNA's clipped advantages on the hand-worked trace", () => {
    const c = clippedGae(HAND, 0.5, 0.5);
    // Start 0: D1 = −0.1, D2 = min(0, −0.1 + 0.5·0.2) = 0, episode ends after 2 steps:
    // (1 − λ)(D1 + λ·D2) + λ²·D2 = 0.5·(−0.1) = −0.05. Start 1: D1 = 0. Start 2 (rollout end): D1 = −0.2,
    // (1 − λ)·D1 + λ·D1 = −0.2.
    expect(c[0]).toBeCloseTo(-0.05, 12);
    expect(c[1]).toBeCloseTo(0, 12);
    expect(c[2]).toBeCloseTo(-0.2, 12);
  });

  it("matches a literal transcription of the official scan on random traces", () => {
    let state = 3;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let k = 0; k < 20; k++) {
      const trace = randomTrace(random, 40);
      const ours = clippedGae(trace, 0.995, 0.95);
      const official = officialClippedGae(trace, 0.995, 0.95);
      ours.forEach((a, t) => {
        expect(a).toBeCloseTo(official[t]!, 10);
        expect(a).toBeLessThanOrEqual(0);
      });
    }
  });

  it("scores the hand-worked trace with PVL, MaxMC and MNA", () => {
    // Only the first episode (steps 0–1) is complete: PVL = mean(max(0, Â)) = (0 + 0.2) / 2.
    expect(positiveValueLoss(HAND, 0.5, 0.5)).toBeCloseTo(0.1, 12);
    expect(maxReturn(HAND)).toBe(1);
    // MaxMC: mean over the episode of R_max − V = ((1 − 0.5) + (1 − 0.8)) / 2.
    expect(maxMc(HAND)).toBeCloseTo(0.35, 12);
    // MNA: Σ −Ã = 0.05 + 0 + 0.2, gated open by the solved episode.
    expect(mna(HAND, 0.5, 0.5)).toBeCloseTo(0.25, 12);
  });

  it("gates MNA shut on a level never solved, and has no PVL without a complete episode", () => {
    const unsolved: Trace = { rewards: [0, 0, 0], values: [0.5, 0.2, 0.1], dones: [0, 1, 0], lastValue: 0 };
    expect(mna(unsolved)).toBe(0);
    expect(mna(unsolved, undefined, undefined, 1)).toBeGreaterThan(0);
    const running: Trace = { rewards: [0, 0], values: [0.5, 0.2], dones: [0, 0], lastValue: 0 };
    expect(positiveValueLoss(running)).toBe(Number.NEGATIVE_INFINITY);
    expect(maxMc(running)).toBe(Number.NEGATIVE_INFINITY);
  });

  it("averages per-episode statistics over complete episodes only", () => {
    const stats = episodeStats([0, 1, 0, 0, 1, 0], [1, 3, 2, 2, 2, 100], true);
    // Episodes: [1, 3] (mean 2) and [2, 2, 2] (mean 2); the running tail [100] is left out.
    expect(stats).toEqual({ mean: 2, max: 2, episodes: 2 });
    expect(episodeStats([0, 1, 0, 1], [0, 0.5, 0.7, 0], false).max).toBeCloseTo(0.7, 12);
  });
});
