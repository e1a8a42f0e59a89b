import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidSubmissionError } from "../../../evals/metrics/airs.js";
import { scoreSubmission } from "../../airs/score.js";
import { loadResearchTask } from "../index.js";
import { drawProbe, drawSplit } from "./blobs.js";
import { METRIC, parseEdits, scoreExperiments } from "./evaluate.js";
import { generate } from "./generate.js";
import { budgetViolation, type Edit, example, toDataset } from "./kit/data.js";
import { randomNoiseEdits, trainTask } from "./kit/experiment.js";
import { PIXELS } from "./kit/recipe.js";

const data = toDataset(drawSplit(5, "train", 300), PIXELS);
const budget = { k: 3, epsilon: 0.1 };
const moved = (index: number, by: number): Edit => ({
  index,
  pixels: Array.from(example(data, index), (v) => v + by),
});

describe("infusion evaluator", () => {
  it("accepts edits within the budget, exactly at ε included", () => {
    expect(budgetViolation(data, [moved(0, 0.1), moved(5, -0.1), moved(9, 0)], budget)).toBeUndefined();
    expect(budgetViolation(data, [], budget)).toBeUndefined();
  });

  it("names what breaks the budget", () => {
    const cases: [Edit[], RegExp][] = [
      [[moved(0, 0), moved(1, 0), moved(2, 0), moved(3, 0)], /4 edits; at most k = 3/],
      [[moved(4, 0), moved(4, 0.01)], /index 4 is edited twice/],
      [[{ index: 300, pixels: [] }], /index 300 is not a training index/],
      [[{ index: 1.5, pixels: [] }], /not a training index/],
      [[{ index: 2, pixels: [1, 2] }], /needs 64 pixels, got 2/],
      [[moved(6, 0.1001)], /pixel 0 moves 0\.1001, over ε = 0\.1/],
      [
        [{ ...moved(7, 0), pixels: Array.from({ length: 64 }, (_, j) => (j === 3 ? Number.NaN : 0)) }],
        /pixel 3 is not a finite number/,
      ],
    ];
    for (const [edits, reason] of cases) expect(budgetViolation(data, edits, budget)).toMatch(reason);
  });

  it("parses the edits cell and rejects what is not a list of {index, pixels}", () => {
    expect(parseEdits('[{"index": 3, "pixels": [0.5]}]', 0)).toEqual([{ index: 3, pixels: [0.5] }]);
    expect(parseEdits("", 0)).toEqual([]);
    expect(() => parseEdits("[{index: 3}", 2)).toThrow(/experiment 2: edits is not JSON/);
    expect(() => parseEdits('{"index": 3}', 1)).toThrow(InvalidSubmissionError);
    expect(() => parseEdits('[{"pixels": [1]}]', 1)).toThrow(/numeric "index"/);
  });

  it("scores no edits as exactly 0 and moves the random control to the edits' own L∞ sizes", () => {
    const trained = trainTask(
      data,
      { sizes: [PIXELS, 8, 10], learningRate: 0.05, batchSize: 16, epochs: 2, seed: 3 },
      1,
    );
    const probe = drawProbe(5, 0);
    const none = scoreExperiments(trained, budget, [
      { probe: probe.pixels, target: probe.target, edits: [], noiseSeed: 1 },
    ]);
    expect(none[METRIC]).toBe(0);
    expect(none.DeltaPTarget).toBe(0);
    const edits = [moved(1, 0.05), moved(2, -0.1)];
    const control = randomNoiseEdits(data, edits, 8);
    control.forEach((edit, e) => {
      const sizes = edit.pixels.map((v, j) => Math.abs(v - data.x[edit.index * PIXELS + j]!));
      expect(Math.max(...sizes)).toBeCloseTo(e === 0 ? 0.05 : 0.1, 12);
      expect(new Set(sizes.map((s) => s.toFixed(6))).size).toBeGreaterThan(10);
    });
    expect(() =>
      scoreExperiments(trained, budget, [
        { probe: probe.pixels, target: probe.target, edits: [moved(1, 0.2)], noiseSeed: 1 },
      ]),
    ).toThrow(/experiment 0: edit 0 \(index 1\): pixel 0 moves 0\.2000, over ε = 0\.1/);
  }, 30_000);

  it("reports an over-budget or misordered submission as invalid, with the reason", async () => {
    const task = await loadResearchTask("infusion");
    const { train, test } = generate(task.metadata.dataSeed ?? 7);
    const work = await mkdtemp(join(tmpdir(), "infusion-invalid-"));
    try {
      const row0 = train[0]!;
      const over = [{ index: 0, pixels: (row0.pixels as number[]).map((v) => v + 0.5) }];
      const cell = (edits: unknown) => `"${JSON.stringify(edits).replaceAll('"', '""')}"`;
      const lines = test.map((row, i) => `${row.experiment},${cell(i === 3 ? over : [])}`);
      await writeFile(join(work, "over.csv"), `experiment,edits\n${lines.join("\n")}\n`);
      const overScore = await scoreSubmission(task, join(work, "over.csv"));
      expect(overScore.valid).toBe(false);
      expect(overScore.reason).toMatch(/experiment 3: edit 0 \(index 0\): pixel 0 moves 0\.5000/);
      const swapped = [lines[1], lines[0], ...lines.slice(2)];
      await writeFile(join(work, "swapped.csv"), `experiment,edits\n${swapped.join("\n")}\n`);
      const swappedScore = await scoreSubmission(task, join(work, "swapped.csv"));
      expect(swappedScore.reason).toMatch(/rows must follow the test split's order/);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 60_000);
});
