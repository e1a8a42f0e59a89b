import { describe, expect, it } from "vitest";
import { seededRandom } from "../../sdk/internal/random.js";
import { cellOf, createArchive, difficultyOf, learnabilityOf } from "./archive.js";
import type { Problem } from "./problem.js";
import { instantiate, templateById } from "./templates.js";

const problem = (templateId: string, seed: number, id = `${templateId}-${seed}`): Problem => ({
  ...instantiate(templateById(templateId), seed),
  id,
});

describe("archive", () => {
  it("keys cells by setting and number of steps", () => {
    const p = problem("sh-03", 1);
    expect(difficultyOf(p)).toBe(3);
    expect(cellOf(p)).toBe("shopping/3");
    expect(learnabilityOf(4, 8)).toBe(0.25);
    expect(learnabilityOf(0, 8)).toBe(0);
    expect(learnabilityOf(8, 8)).toBe(0);
  });

  it("fills a cell to capacity, then replaces its weakest only when strictly better", () => {
    const archive = createArchive({ capacity: 2, minLearnability: 0.01 });
    expect(archive.insert(problem("pl-01", 1), 0.1, 1)).toMatchObject({ inserted: true, replaced: null });
    expect(archive.insert(problem("pl-01", 2), 0.2, 1)).toMatchObject({ inserted: true });
    expect(archive.insert(problem("pl-01", 3), 0.1, 1)).toMatchObject({
      inserted: false,
      reason: expect.stringMatching(/not better/),
    });
    expect(archive.insert(problem("pl-01", 4), 0.15, 1)).toMatchObject({
      inserted: true,
      replaced: "pl-01-1",
    });
    expect(
      archive
        .entries()
        .map((e) => e.problem.id)
        .sort(),
    ).toEqual(["pl-01-2", "pl-01-4"]);
    expect(archive.insert(problem("pl-01", 5), 0.005, 1)).toMatchObject({
      inserted: false,
      reason: expect.stringMatching(/below τ/),
    });
    expect(archive.insert(problem("pl-01", 2), 0.24, 1)).toMatchObject({
      inserted: false,
      reason: "duplicate id",
    });
  });

  it("decays stale estimates, so a fresh candidate can beat an old one", () => {
    const archive = createArchive({ capacity: 1, decay: 0.5 });
    archive.insert(problem("pl-01", 1), 0.2, 0);
    const entry = archive.get("pl-01-1");
    if (!entry) throw new Error("missing");
    expect(archive.current(entry, 0)).toBeCloseTo(0.2);
    expect(archive.current(entry, 2)).toBeCloseTo(0.05);
    expect(archive.insert(problem("pl-01", 2), 0.1, 2)).toMatchObject({
      inserted: true,
      replaced: "pl-01-1",
    });
    archive.report("pl-01-2", 2, 8, 5);
    expect(archive.get("pl-01-2")?.stats).toMatchObject({
      learnability: learnabilityOf(2, 8),
      lastUpdatedStep: 5,
      measured: true,
      totalAttempts: 8,
    });
  });

  it("samples distinct entries in proportion to learnability plus a floor", () => {
    const archive = createArchive({ capacity: 10, floor: 0.01 });
    archive.insert(problem("pl-01", 1, "hot"), 0.25, 0);
    archive.insert(problem("pl-02", 1, "cold"), 0.01, 0);
    archive.insert(problem("pl-03", 1, "warm"), 0.1, 0);
    const random = seededRandom(5);
    const first: Record<string, number> = { hot: 0, cold: 0, warm: 0 };
    for (let i = 0; i < 2000; i++) {
      const batch = archive.sampleBatch(2, 0, random);
      expect(new Set(batch.map((e) => e.problem.id)).size).toBe(2);
      first[batch[0]?.problem.id as string] = (first[batch[0]?.problem.id as string] ?? 0) + 1;
    }
    // Expected shares of the first draw: 0.26 / 0.39, 0.11 / 0.39, 0.02 / 0.39.
    expect(first.hot! / 2000).toBeGreaterThan(0.6);
    expect(first.cold! / 2000).toBeLessThan(0.1);
    expect(first.cold).toBeGreaterThan(0);
    expect(archive.sampleBatch(10, 0, random)).toHaveLength(3);
  });

  it("reports coverage and QD score, and round-trips through JSON", () => {
    const archive = createArchive();
    archive.insert(problem("pl-01", 1), 0.2, 0);
    archive.insert(problem("sh-03", 1), 0.1, 0);
    expect(archive.coverage()).toBeCloseTo(2 / 40);
    expect(archive.qdScore(0)).toBeCloseTo(0.3);
    const copy = createArchive({}, JSON.parse(JSON.stringify(archive.toJSON())));
    expect(copy.qdScore(0)).toBeCloseTo(0.3);
    expect(copy.coverage()).toBeCloseTo(2 / 40);
  });

  it("lets seeds in without τ and gives unmeasured problems the prior", () => {
    const archive = createArchive();
    archive.insert(problem("pl-01", 1), null, 0, { seed: true });
    expect(archive.get("pl-01-1")?.stats).toMatchObject({ learnability: 0.25, measured: false });
  });
});
