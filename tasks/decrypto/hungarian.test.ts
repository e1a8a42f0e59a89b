import { describe, expect, it } from "vitest";
import { assignBySimilarity, hungarian } from "./hungarian.js";
import { createRng } from "./rng.js";

function bruteForce(cost: number[][]): number {
  const m = cost[0]?.length ?? 0;
  let best = Number.POSITIVE_INFINITY;
  const rec = (row: number, used: Set<number>, total: number) => {
    if (row === cost.length) {
      best = Math.min(best, total);
      return;
    }
    for (let j = 0; j < m; j++) {
      if (used.has(j)) continue;
      used.add(j);
      rec(row + 1, used, total + (cost[row]?.[j] ?? 0));
      used.delete(j);
    }
  };
  rec(0, new Set(), 0);
  return best;
}

describe("hungarian", () => {
  it("finds the optimal assignment on random 3×4 and 5×5 matrices", () => {
    const rng = createRng(9);
    for (let trial = 0; trial < 200; trial++) {
      const [n, m] = trial % 2 === 0 ? [3, 4] : [5, 5];
      const cost = Array.from({ length: n }, () =>
        Array.from({ length: m }, () => Math.round(rng() * 100) / 10 - 5),
      );
      const a = hungarian(cost);
      expect(new Set(a).size).toBe(n);
      const total = a.reduce((s, j, i) => s + (cost[i]?.[j] ?? 0), 0);
      expect(total).toBeCloseTo(bruteForce(cost), 9);
    }
  });

  it("maximises similarity, where greedy would not", () => {
    // Greedy gives row 0 column 0 (0.9) and row 1 column 1 (0.1); the best total is 0.8 + 0.85.
    expect(
      assignBySimilarity([
        [0.9, 0.8, 0, 0],
        [0.85, 0.1, 0, 0],
        [0, 0, 0.5, 0.4],
      ]),
    ).toEqual([1, 0, 2]);
  });
});
