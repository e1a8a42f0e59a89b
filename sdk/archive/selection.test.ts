import { describe, expect, it } from "vitest";
import { seededRandom } from "../internal/random.js";
import {
  type ArchiveEntry,
  resolveSelectionPolicy,
  scoreChildProp,
  selectionPolicies,
  selectParents,
} from "./selection.js";

const entry = (
  id: string,
  score: number,
  children = 0,
  compiledChildren = children,
  generation = 0,
): ArchiveEntry => ({
  id,
  score,
  children,
  compiledChildren,
  generation,
});

function frequencies(policy: ReturnType<typeof scoreChildProp>, entries: ArchiveEntry[], draws = 20_000) {
  const random = seededRandom(7);
  const counts = new Map<string, number>();
  for (const id of selectParents(policy, entries, draws, random)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return (id: string) => (counts.get(id) ?? 0) / draws;
}

describe("score_child_prop", () => {
  it("samples in proportion to sigmoid(λ(a − a_mid)) · 1/(1+n), as DGM", () => {
    const entries = [entry("a", 0.8, 0), entry("b", 0.5, 1), entry("c", 0.2, 3)];
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    const weights = [sigmoid(10 * 0.3) / 1, sigmoid(0) / 2, sigmoid(-3) / 4];
    const total = weights.reduce((s, w) => s + w, 0);
    const freq = frequencies(selectionPolicies.dgm, entries);
    expect(freq("a")).toBeCloseTo(weights[0]! / total, 1);
    expect(freq("b")).toBeCloseTo(weights[1]! / total, 1);
    expect(freq("c")).toBeCloseTo(weights[2]! / total, 1);
  });

  it("DGM-H paper variant centres on the mean of the top 3 and counts compiled children only", () => {
    const entries = [entry("a", 0.9, 4, 0), entry("b", 0.9, 0, 0), entry("c", 0.3), entry("d", 0.3)];
    const freq = frequencies(selectionPolicies["dgm-h-paper"], entries);
    // a and b have equal scores and equal compiled children: equal odds despite a's 4 failed children.
    expect(Math.abs(freq("a") - freq("b"))).toBeLessThan(0.03);
    expect(freq("a")).toBeGreaterThan(freq("c") * 5);
  });

  it("DGM-H code variant's novelty exp(−(n/8)³) barely penalises a few children and crushes many", () => {
    const entries = [entry("few", 0.5, 2), entry("many", 0.5, 24)];
    const freq = frequencies(selectionPolicies["dgm-h"], entries);
    expect(freq("few")).toBeGreaterThan(0.99);
  });

  it("falls back to uniform when every weight is zero", () => {
    const zero = scoreChildProp({ novelty: () => 0 });
    const freq = frequencies(zero, [entry("a", 1), entry("b", 0)]);
    expect(freq("a")).toBeGreaterThan(0.45);
    expect(freq("b")).toBeGreaterThan(0.45);
  });
});

describe("other policies", () => {
  const entries = [entry("old", 0.9, 0, 0, 1), entry("new", 0.4, 0, 0, 5), entry("mid", 0.9, 0, 0, 3)];
  it("best picks the highest score (not the lowest, unlike DGM's sort bug), newest on ties", () => {
    expect(selectionPolicies.best(entries, Math.random)).toBe("mid");
  });
  it("latest picks the newest generation", () => {
    expect(selectionPolicies.latest(entries, Math.random)).toBe("new");
  });
  it("random is uniform", () => {
    const freq = frequencies(selectionPolicies.random, entries);
    for (const id of ["old", "new", "mid"]) expect(freq(id)).toBeCloseTo(1 / 3, 1);
  });
  it("every policy refuses an empty archive with a reason", () => {
    for (const policy of Object.values(selectionPolicies)) {
      expect(() => policy([], Math.random)).toThrow(/no eligible parent/);
    }
  });
  it("an unknown policy name lists the valid ones", () => {
    expect(() => resolveSelectionPolicy("greedy" as "best")).toThrow(
      /dgm, dgm-h-paper, dgm-h, random, best, latest/,
    );
  });
  it("the same seed gives the same parents", () => {
    const a = selectParents(selectionPolicies.dgm, entries, 10, seededRandom(3));
    const b = selectParents(selectionPolicies.dgm, entries, 10, seededRandom(3));
    expect(a).toEqual(b);
  });
});
