/**
 * `hyperagents airs score` and `airs solve` as a user runs them: a bundled task's gold, broken
 * and missing submissions, an official-format folder with an Arrow data folder, and solution
 * scripts run in the real solution runner (a child Node process).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Float64, Table, Utf8, vectorFromArray } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeHfSplit } from "../../tasks/airs/fixtures/hf-dataset.js";
import { goldRows, predictionColumns, toCsv } from "../../tasks/airs/gold.js";
import { AIRS_SUITE_DIR } from "../../tasks/airs/index.js";
import { loadBundledAirsTask } from "../../tasks/airs/load-task.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const TASK = "molecule-energy";
const root = mkdtempSync(join(tmpdir(), "ha-airs-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const metadata = JSON.parse(readFileSync(join(AIRS_SUITE_DIR, TASK, "metadata.json"), "utf8")) as {
  estimatedWorstScore: number;
};

async function run(args: string[]) {
  const io = memoryIo({ cwd: root });
  const code = await main(args, io);
  return { code, out: io.out, err: io.err, json: () => JSON.parse(io.out) as Record<string, unknown> };
}

let gold = "";
let short = "";
beforeAll(async () => {
  const task = await loadBundledAirsTask(TASK);
  const rows = await goldRows(task);
  const columns = predictionColumns(task);
  gold = join(root, "gold.csv");
  writeFileSync(gold, toCsv(rows, columns));
  short = join(root, "short.csv");
  writeFileSync(short, toCsv(rows.slice(1), columns));
}, 60_000);

describe("hyperagents airs score", () => {
  it("scores the gold submission at the optimum, as one JSON line", async () => {
    const result = await run(["airs", "score", "--task", `airs/${TASK}`, "--submission", gold, "--json"]);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      task: `airs/${TASK}`,
      metric: "MeanAbsoluteError",
      score: 0,
      valid: true,
    });
    expect(result.json().normalizedScore).toBeGreaterThan(1);
  });

  it("a short or missing submission is a result (valid: false, one-line reason), exit 0", async () => {
    const shortResult = await run([
      "airs",
      "score",
      "--task",
      `airs/${TASK}`,
      "--submission",
      short,
      "--json",
    ]);
    expect(shortResult.code).toBe(0);
    expect(shortResult.json()).toMatchObject({ valid: false, score: null, normalizedScore: 0 });
    expect(String(shortResult.json().reason)).toMatch(/rows/);
    const missing = await run(["airs", "score", "--task", `airs/${TASK}`, "--submission", "nope.csv"]);
    expect(missing.code).toBe(0);
    expect(missing.out).toMatch(/invalid submission: .*nope\.csv/);
    expect(missing.out.trim().split("\n")).toHaveLength(1);
  });

  it("bad arguments exit 2 with a line that names the fix", async () => {
    const cases: [string[], RegExp][] = [
      [["airs", "score", "--submission", gold], /--task airs\/<name>, or --task-dir/],
      [["airs", "score", "--task", "circle-packing", "--submission", gold], /--task takes airs\/<name>/],
      [["airs", "score", "--task", "airs/nope", "--submission", gold], /nope/],
      [["airs", "score", "--task", `airs/${TASK}`, "--task-dir", root, "--submission", gold], /not both/],
      [["airs", "score", "--task-dir", join(root, "missing"), "--submission", gold], /missing/],
      [["airs", "score", "--task", `airs/${TASK}`], /--submission/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err, args.join(" ")).toMatch(message);
    }
  });

  it("scores an official-format folder whose data are Hugging Face Arrow folders", async () => {
    const dir = join(root, "TextualSimilaritySickSpearmanCorrelation");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "metadata.yaml"),
      [
        "metric_lower_is_better: false",
        "logging_info:",
        "  name: TextualSimilaritySickSpearmanCorrelation",
        "  dataset: RobZamp/sick",
        "  category: Text Extraction and Matching",
        "  research_problem: Textual Similarity",
        "  input_columns: [sentence_A, sentence_B]",
        "  scoring_column: relatedness_score",
        "  shape: (4,)",
        "  metric: SpearmanCorrelation",
        "  sota:",
        "    - sota_paper_title: CoSENT",
        "      sota_score: 0.854",
        "  estimated_worst_score: -0.5870786",
        "  optimal_score: 1.0",
        "",
      ].join("\n"),
    );
    writeFileSync(join(dir, "project_description.md"), "Predict relatedness_score.\n");
    const scores = [4.5, 1.2, 3.3, 2.0];
    const table = (labels: boolean) =>
      new Table({
        sentence_A: vectorFromArray(["a", "b", "c", "d"], new Utf8()),
        sentence_B: vectorFromArray(["e", "f", "g", "h"], new Utf8()),
        ...(labels ? { relatedness_score: vectorFromArray(scores, new Float64()) } : {}),
      });
    const data = join(root, "sick-data");
    writeHfSplit(join(data, "train"), table(true));
    writeHfSplit(join(data, "test"), table(false));
    writeHfSplit(join(data, "test_with_labels"), table(true));
    const submission = join(root, "sick.csv");
    writeFileSync(submission, "relatedness_score\n4\n1\n3\n2\n");
    const result = await run([
      "airs",
      "score",
      "--task-dir",
      dir,
      "--data",
      data,
      "--submission",
      submission,
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      task: "TextualSimilaritySickSpearmanCorrelation",
      score: 1,
      valid: true,
    });
    writeFileSync(submission, "relatedness_score\n1\n2\n3\n4\n");
    const worse = await run([
      "airs",
      "score",
      "--task-dir",
      dir,
      "--data",
      data,
      "--submission",
      submission,
      "--json",
    ]);
    // Label ranks 4,1,3,2 against 1,2,3,4: Σd² = 9+1+0+4 = 14, ρ = 1 − 6·14/(4·15) = −0.4.
    expect(worse.json()).toMatchObject({ valid: true, score: -0.4 });
  });
});

describe("hyperagents airs solve", () => {
  it("runs the naive solution in the solution runner and scores it at the task's worst", async () => {
    const naive = join(AIRS_SUITE_DIR, TASK, "naive.ts");
    const result = await run(["airs", "solve", "--task", `airs/${TASK}`, "--solution", naive, "--json"]);
    expect(result.code).toBe(0);
    const json = result.json();
    expect(json).toMatchObject({ task: `airs/${TASK}`, valid: true, exitCode: 0, timedOut: false });
    expect(json.score).toBeCloseTo(metadata.estimatedWorstScore, 9);
    expect(json.normalizedScore).toBe(0);
    expect(typeof json.wallMs).toBe("number");
    expect(typeof json.outputTail).toBe("string");
  }, 120_000);

  it("a crashing solution is an invalid result with its exit and output, not a failure", async () => {
    const file = join(root, "crash.ts");
    writeFileSync(file, 'console.log("loading");\nthrow new Error("no model yet");\n');
    const result = await run(["airs", "solve", "--task", `airs/${TASK}`, "--solution", file]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/no model yet/);
    expect(result.out).toMatch(/invalid submission: the solution exited with code 1/);
  }, 120_000);

  it("refuses a missing script, a non-script and a bad time limit with exit 2", async () => {
    const notScript = join(root, "notes.txt");
    writeFileSync(notScript, "hello");
    for (const args of [
      ["--solution", join(root, "absent.ts")],
      ["--solution", notScript],
      ["--solution", gold, "--time-limit", "abc"],
    ]) {
      const result = await run(["airs", "solve", "--task", `airs/${TASK}`, ...args]);
      expect(result.code, args.join(" ")).toBe(2);
    }
  });
});
