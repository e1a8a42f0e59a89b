/**
 * The official folder format end to end: task folders written as the official repository's
 * (metadata.yaml, project_description.md) with Arrow data folders as `datasets`' save_to_disk
 * writes them, loaded and scored with gold, permuted gold and broken submissions.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Field, Float64, List, Table, Utf8, type Vector, vectorFromArray } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../sdk/errors.js";
import { writeHfSplit } from "./fixtures/hf-dataset.js";
import { goldSelfTest } from "./gold.js";
import { loadAirsTaskDir } from "./load-task.js";
import { scoreSubmission } from "./score.js";

const root = mkdtempSync(join(tmpdir(), "airs-official-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string): string {
  writeFileSync(file, text);
  return file;
}

const SICK_YAML = `metric_lower_is_better: false
file_export_globs:
  - submission.csv
container_python_requirements:
  - datasets==4.0.0
logging_info:
  name: TextualSimilaritySickSpearmanCorrelation
  dataset: RobZamp/sick
  category: Text Extraction and Matching
  research_problem: Textual Similarity
  output_type: Textual Similarity
  config: default
  train_split: train
  test_split: test
  input_columns:
    - sentence_A
    - sentence_B
  scoring_column: relatedness_score
  shape: (8,)
  custom_gold_labels: false
  custom_rad_class: false
  metric: SpearmanCorrelation
  additional_metrics: null
  sota:
    - sota_paper_title: 'CoSENT: Consistent Sentence Embedding via Similarity Ranking'
      sota_paper_url: https://example.org/cosent.pdf
      sota_score: 0.854
      sota_year: 2024
      sota_venue: IEEE/ACM TASLP
  dataset_paper_url: https://arxiv.org/abs/1404.3648
  estimated_worst_score: -0.5870786
  optimal_score: 1.0
`;

const SCORES = [4.5, 3.6, 1.2, 2.9, 4.9, 1.0, 3.1, 2.2];

function sickTable(withLabels: boolean, count = SCORES.length): Table {
  const columns: Record<string, Vector> = {
    sentence_A: vectorFromArray(
      SCORES.slice(0, count).map((_, i) => `a man is playing ${i}`),
      new Utf8(),
    ),
    sentence_B: vectorFromArray(
      SCORES.slice(0, count).map((_, i) => `a person plays ${i}`),
      new Utf8(),
    ),
  };
  if (withLabels) columns.relatedness_score = vectorFromArray(SCORES.slice(0, count), new Float64());
  return new Table(columns);
}

function sickTask(): string {
  const dir = join(root, "TextualSimilaritySickSpearmanCorrelation");
  mkdirSync(join(dir, "data"), { recursive: true });
  write(join(dir, "metadata.yaml"), SICK_YAML);
  write(join(dir, "project_description.md"), "# Overview\nPredict `relatedness_score`.\n");
  writeHfSplit(join(dir, "data", "train"), sickTable(true, 5));
  writeHfSplit(join(dir, "data", "test"), sickTable(false));
  // Two Arrow files, as a larger split is saved.
  const labelled = sickTable(true);
  writeHfSplit(join(dir, "data", "test_with_labels"), labelled.slice(0, 3), labelled.slice(3));
  return dir;
}

describe("an official SICK Spearman task with an Arrow data folder", () => {
  const dir = sickTask();

  it("loads metadata.yaml into AirsMetadata and keeps project_description.md as the prompt", async () => {
    const task = await loadAirsTaskDir(dir);
    expect(task.id).toBe("TextualSimilaritySickSpearmanCorrelation");
    expect(task.dataDir).toBe(join(dir, "data"));
    expect(task.prompt).toBe("# Overview\nPredict `relatedness_score`.\n");
    expect(task.metadata).toMatchObject({
      name: "TextualSimilaritySickSpearmanCorrelation",
      category: "Text Extraction and Matching",
      metric: "SpearmanCorrelation",
      lowerIsBetter: false,
      optimalScore: 1,
      estimatedWorstScore: -0.5870786,
      inputColumns: ["sentence_A", "sentence_B"],
      scoringColumn: "relatedness_score",
      shape: [8, 1],
      evaluator: "spearman",
      dataset: "RobZamp/sick (default)",
    });
    expect(task.metadata.sota[0]).toEqual({
      score: 0.854,
      source: "paper",
      title: "CoSENT: Consistent Sentence Embedding via Similarity Ranking",
      url: "https://example.org/cosent.pdf",
      year: 2024,
      venue: "IEEE/ACM TASLP",
    });
  });

  it("gold scores the optimum; the permuted golds score worse", async () => {
    const result = await goldSelfTest(await loadAirsTaskDir(dir));
    expect(result.gold).toMatchObject({ valid: true, score: 1, metric: "SpearmanCorrelation" });
    expect(result.gold.normalizedScore).toBeGreaterThan(1);
    for (const permuted of [result.adjacentSwap, result.shuffled]) {
      expect(permuted.valid).toBe(true);
      expect(permuted.score).toBeLessThan(1);
      expect(permuted.normalizedScore).toBeLessThan(result.gold.normalizedScore);
    }
  });

  it("reads the one column by position, as evaluate.py's values.squeeze() does", async () => {
    const task = await loadAirsTaskDir(dir);
    const file = write(join(root, "renamed.csv"), `prediction\n${SCORES.map((s) => s * 2).join("\n")}\n`);
    expect(await scoreSubmission(task, file)).toMatchObject({ valid: true, score: 1 });
  });

  it("a wrong row count, an unparsable value, two columns or no file is invalid, with a reason", async () => {
    const task = await loadAirsTaskDir(dir);
    const short = write(join(root, "short.csv"), `relatedness_score\n${SCORES.slice(1).join("\n")}\n`);
    expect(await scoreSubmission(task, short)).toEqual({
      task: task.id,
      metric: "SpearmanCorrelation",
      score: null,
      valid: false,
      normalizedScore: 0,
      reason: "submission has 7 rows; the test split has 8",
    });
    const bad = write(
      join(root, "bad.csv"),
      `relatedness_score\n${["abc", ...SCORES.slice(1)].join("\n")}\n`,
    );
    const badScore = await scoreSubmission(task, bad);
    expect(badScore.valid).toBe(false);
    expect(badScore.reason).toMatch(/row 1/);
    const wide = write(
      join(root, "wide.csv"),
      `id,relatedness_score\n${SCORES.map((s, i) => `${i},${s}`).join("\n")}\n`,
    );
    expect((await scoreSubmission(task, wide)).reason).toMatch(/2 columns/);
    const missing = await scoreSubmission(task, join(root, "nowhere.csv"));
    expect(missing).toMatchObject({ valid: false, score: null, normalizedScore: 0 });
    expect(missing.reason).toMatch(/no submission file/);
  });
});

const RIDESHARE_YAML = `metric_lower_is_better: true
file_export_globs:
  - submission.csv
logging_info:
  name: TimeSeriesForecastingRideshareMAE
  dataset: Monash-University/monash_tsf
  category: Time Series
  research_problem: Time-series forecasting
  config: rideshare
  metric: MAE
  train_split: train
  test_split: test
  scoring_column:
  shape: (6,)
  custom_gold_labels: true
  sota:
    - sota_paper_title: 'Prototype-guided normalisation'
      sota_paper_url: https://example.org/pgn
      sota_score: 1.185
      sota_year: 2025
      sota_venue: arXiv
  estimated_worst_score: 30.22490
  optimal_score: 0.0
`;

const HORIZON = 48;
const seriesType = new List(new Field("item", new List(new Field("item", new Float64(), true)), true));

/** Two rows of three series each: history 4 values, the full series 4 + 48 (one value missing). */
function rideshareRows(): { target: number[][][]; label_target: (number | null)[][][] } {
  const target: number[][][] = [];
  const full: (number | null)[][][] = [];
  for (let row = 0; row < 2; row++) {
    const histories = [0, 1, 2].map((s) => [0, 1, 2, 3].map((t) => row * 10 + s + t * 0.5));
    target.push(histories);
    full.push(
      histories.map((history, s) => [
        ...history,
        ...Array.from({ length: HORIZON }, (_, t) =>
          row === 1 && s === 2 && t === 5 ? null : (s + 1) * Math.sin(t + row),
        ),
      ]),
    );
  }
  return { target, label_target: full };
}

describe("an official rideshare MAE task (series of series, NaNs masked)", () => {
  const dir = join(root, "TimeSeriesForecastingRideshareMAE");
  mkdirSync(dir, { recursive: true });
  write(join(dir, "metadata.yaml"), RIDESHARE_YAML);
  write(join(dir, "project_description.md"), "# Overview\nForecast 48 steps.\n");
  const data = join(root, "rideshare-data");
  const rows = rideshareRows();
  writeHfSplit(join(data, "test"), new Table({ target: vectorFromArray(rows.target, seriesType) }));
  writeHfSplit(
    join(data, "test_with_labels"),
    new Table({
      target: vectorFromArray(rows.target, seriesType),
      label_target: vectorFromArray(rows.label_target, seriesType),
    }),
  );

  it("maps the empty scoring column and shape, and scores gold 0, permuted gold worse", async () => {
    const task = await loadAirsTaskDir(dir, data);
    expect(task.metadata).toMatchObject({
      scoringColumn: "label_target",
      shape: [6, 1],
      evaluator: "mae-masked",
    });
    const result = await goldSelfTest(task);
    expect(result.gold).toMatchObject({ valid: true, score: 0 });
    expect(result.adjacentSwap.score).toBeGreaterThan(0);
    expect(result.shuffled.score).toBeGreaterThan(0);
  });

  it("one submission row per series: a row per dataset row is the wrong count", async () => {
    const task = await loadAirsTaskDir(dir, data);
    const forecast = JSON.stringify(new Array(HORIZON).fill(0));
    const file = write(join(root, "two.csv"), `label_target\n"${forecast}"\n"${forecast}"\n`);
    expect((await scoreSubmission(task, file)).reason).toBe("submission has 2 rows; the test split has 6");
  });
});

describe("a bad official folder is the user's error, naming the file", () => {
  it("without project_description.md, or with metadata.yaml lacking the metric", async () => {
    const dir = join(root, "Broken");
    mkdirSync(join(dir, "data"), { recursive: true });
    write(join(dir, "metadata.yaml"), SICK_YAML);
    const noPrompt = await loadAirsTaskDir(dir).catch((error: unknown) => error);
    expect(UserError.isInstance(noPrompt)).toBe(true);
    expect(String(noPrompt)).toMatch(/project_description\.md is missing/);
    write(join(dir, "project_description.md"), "prompt");
    write(join(dir, "metadata.yaml"), SICK_YAML.replace("  metric: SpearmanCorrelation\n", ""));
    await expect(loadAirsTaskDir(dir)).rejects.toThrow(
      /metadata\.yaml: "logging_info\.metric" must be the metric's name/,
    );
    await expect(loadAirsTaskDir(join(root, "nothing-here"))).rejects.toThrow(/does not exist/);
  });
});
