import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const root = mkdtempSync(join(tmpdir(), "ha-transfer-"));

const io = () => memoryIo({ cwd: root });

describe("export, eval --agent and impk from the command line", () => {
  it("exports the best node, evaluates it, and measures its meta agent's imp@k", {
    timeout: 120_000,
  }, async () => {
    const run = io();
    expect(
      await main(["evolve", "--task", "circle-packing", "--generations", "2", "--out", "run", "--json"], run),
      run.err,
    ).toBe(0);
    const summary = JSON.parse(run.out) as { bestNodeId: string };

    const exported = io();
    expect(await main(["export", "run", summary.bestNodeId, "--out", "best"], exported), exported.err).toBe(
      0,
    );
    expect(existsSync(join(root, "best", "task_agent.ts"))).toBe(true);
    expect(existsSync(join(root, "best", "meta_agent.ts"))).toBe(true);

    const growth = io();
    expect(await main(["export", "run", "growth", "--out", "grower"], growth), growth.err).toBe(0);
    expect(growth.err).toMatch(/^wrote (initial|g\d+c\d+) to grower/);

    const unknown = io();
    expect(await main(["export", "run", "g99c9", "--out", "nowhere"], unknown)).toBe(2);
    expect(unknown.err).toMatch(/no node "g99c9"/);

    const evaluated = io();
    expect(
      await main(["eval", "--task", "circle-packing", "--agent", "best", "--out", "eval"], evaluated),
      evaluated.err,
    ).toBe(0);
    const results = JSON.parse(readFileSync(join(root, "eval", "results.json"), "utf8")) as {
      mean: number;
      instances: number;
    };
    // The circle-packing test split: held-out n = 27..30.
    expect(results.instances).toBe(4);
    expect(results.mean).toBeGreaterThan(0.5);

    const impk = io();
    expect(
      await main(
        ["impk", "--agent", "best", "--task", "circle-packing", "-k", "2", "--out", "impk", "--json"],
        impk,
      ),
      impk.err,
    ).toBe(0);
    const measured = JSON.parse(impk.out) as {
      k: number;
      impAtK: number;
      initialTest: Record<string, number>;
    };
    expect(measured.k).toBe(2);
    expect(measured.initialTest["circle-packing"]).toBeGreaterThan(0);
    expect(Number.isFinite(measured.impAtK)).toBe(true);
    expect(impk.err).toMatch(/imp@2 = -?\d\.\d{4} \(seed 0;/);
    expect(impk.err).toMatch(/rests on 1 seed/);

    const seeded = io();
    const args = [
      "impk",
      "--agent",
      "best",
      "--task",
      "circle-packing",
      "-k",
      "1",
      "--seeds",
      "3",
      "--out",
      "impk3",
      "--json",
    ];
    expect(await main(args, seeded), seeded.err).toBe(0);
    const over = JSON.parse(seeded.out) as {
      seeds: number[];
      median: number;
      low: number;
      high: number;
      runs: unknown[];
    };
    expect(over.seeds).toEqual([0, 1, 2]);
    expect(over.runs).toHaveLength(3);
    expect(over.low).toBeLessThanOrEqual(over.median);
    expect(over.high).toBeGreaterThanOrEqual(over.median);
    expect(seeded.err).toMatch(/imp@1 over 3 seeds: median -?\d\.\d{4} \(95% bootstrap interval/);
  });
});
