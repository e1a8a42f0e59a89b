/**
 * Official tasks whose evaluate.py reads more than one plain column: DuoRC's two submission
 * columns, SQuAD's answer structs, CodeXGLUE's query-keyed rankings and Kaggle web traffic's
 * history + forecast rows sliced at the history's length. Each gets a small data folder (Arrow,
 * JSONL or CSV) and the gold self-test, plus the broken submissions particular to it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bool, Field, Int32, List, Struct, Table, Utf8, vectorFromArray } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../sdk/errors.js";
import { writeHfSplit } from "./fixtures/hf-dataset.js";
import type { AirsTask } from "./format.js";
import { goldSelfTest } from "./gold.js";
import { loadAirsTaskDir } from "./load-task.js";
import { scoreSubmission } from "./score.js";

const root = mkdtempSync(join(tmpdir(), "airs-rules-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An official-format folder for `name`, its data written by `writeData` into <dir>/data. */
async function officialTask(
  name: string,
  metric: string,
  lowerIsBetter: boolean,
  writeData: (data: string) => void,
) {
  const dir = join(root, name);
  mkdirSync(join(dir, "data"), { recursive: true });
  const yaml = [
    `metric_lower_is_better: ${lowerIsBetter}`,
    "logging_info:",
    `  name: ${name}`,
    "  category: Test",
    `  metric: ${metric}`,
    "  scoring_column: answers",
    "  shape:",
    "  sota:",
    "    - sota_paper_title: A paper",
    "      sota_score: 0.5",
    "  estimated_worst_score: 0.0",
    `  optimal_score: ${lowerIsBetter ? 0 : 1}`,
    "",
  ].join("\n");
  writeFileSync(join(dir, "metadata.yaml"), yaml);
  writeFileSync(join(dir, "project_description.md"), `# ${name}\n`);
  writeData(join(dir, "data"));
  return loadAirsTaskDir(dir);
}

async function scoreText(task: AirsTask, name: string, csv: string) {
  const file = join(root, `${task.id}-${name}.csv`);
  writeFileSync(file, csv);
  return scoreSubmission(task, file);
}

async function expectGold(task: AirsTask, optimum: number) {
  const result = await goldSelfTest(task);
  expect(result.gold).toMatchObject({ valid: true, score: optimum });
  for (const permuted of [result.adjacentSwap, result.shuffled]) {
    expect(permuted.valid).toBe(true);
    expect(Math.abs((permuted.score ?? 0) - optimum)).toBeGreaterThan(0);
  }
}

describe("official rules beyond one column", () => {
  it("DuoRC: columns answer and has_answer by name; saying 'no answer' scores where the label has none", async () => {
    const answers = [["Paris"], ["the blue car", "a blue car"], [], ["42"], []];
    const task = await officialTask("QuestionAnsweringDuoRCAccuracy", "Accuracy", false, (data) =>
      writeHfSplit(
        join(data, "test_with_labels"),
        new Table({
          answers: vectorFromArray(answers, new List(new Field("item", new Utf8(), true))),
          no_answer: vectorFromArray(
            answers.map((list) => list.length === 0),
            new Bool(),
          ),
        }),
      ),
    );
    expect(task.metadata.shape).toEqual([0, 2]);
    await expectGold(task, 1);
    const partly = await scoreText(
      task,
      "partly",
      "has_answer,answer\nTrue,paris.\nTrue,Blue car\nTrue,x\nFalse,\nFalse,\n",
    );
    // Right: rows 1, 2 (normalised) and 5 (no answer, none given); wrong: 3 (an answer where none is), 4.
    expect(partly).toMatchObject({ valid: true, score: 0.6 });
    const oneColumn = await scoreText(task, "one", "answer\nParis\nx\nx\nx\nx\n");
    expect(oneColumn.reason).toMatch(/lacks has_answer/);
  });

  it("SQuAD: the label is a struct of answer texts; any of them matches after normalisation", async () => {
    const structType = new Struct([
      new Field("text", new List(new Field("item", new Utf8(), true)), true),
      new Field("answer_start", new List(new Field("item", new Int32(), true)), true),
    ]);
    const answers = [
      { text: ["Denver Broncos", "The Denver Broncos"], answer_start: [177, 173] },
      { text: ["Santa Clara, California"], answer_start: [403] },
      { text: ["gold"], answer_start: [488] },
    ];
    const task = await officialTask("ReadingComprehensionSquadExactMatch", "ExactMatch", false, (data) =>
      writeHfSplit(
        join(data, "test_with_labels"),
        new Table({ answers: vectorFromArray(answers, structType) }),
      ),
    );
    await expectGold(task, 1);
    const scored = await scoreText(task, "some", 'answers\nthe denver broncos\n"Santa Clara"\nGold!\n');
    expect(scored.score).toBeCloseTo(2 / 3, 12);
  });

  it("CodeXGLUE MRR: rankings keyed by query, labels from a CSV data folder", async () => {
    const task = await officialTask("CodeRetrievalCodeXGlueMRR", "MRR", false, (data) =>
      writeFileSync(
        join(data, "test_with_labels.csv"),
        "query,id\nsort a list,3\nparse json,7\nread a file,1\n",
      ),
    );
    expect(task.metadata).toMatchObject({ scoringColumn: "id", evaluator: "mrr", shape: [0, 2] });
    await expectGold(task, 1);
    const ranked = await scoreText(
      task,
      "ranked",
      'rankings,query\n"[1,2,3]",sort a list\n"[7]",parse json\n"[5,1]",read a file\n',
    );
    expect(ranked.score).toBeCloseTo(0.6111, 12);
  });

  it("Kaggle web traffic MASE: each row is history + forecast, scored past the history's length", async () => {
    const rows = [
      { target: [1, 3, 2, 4, 3], label_target: [1, 3, 2, 4, 3, 5, 4, 6] },
      { target: [10, 10, 10, 10, 10], label_target: [10, 10, 10, 10, 10, 12, 12, 12] },
      { target: [2, 4, 6, 8, 10], label_target: [2, 4, 6, 8, 10, 12, 14, 16] },
    ];
    const task = await officialTask("TimeSeriesForecastingKaggleWebTrafficMASE", "MASE", true, (data) => {
      writeFileSync(join(data, "test_with_labels.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n"));
    });
    expect(task.metadata).toMatchObject({ scoringColumn: "label_target", evaluator: "mase" });
    await expectGold(task, 0);
    // Series 1: naive-1 scale mean|diff(1,3,2,4,3)| = 1.5, forecast error |6-5|,|6-4|,|6-6| -> 1 / 1.5.
    // Series 2 has a constant history: skipped. Series 3: scale 2, forecast 10 -> errors 2, 4, 6 -> 4 / 2 = 2.
    const history = (row: (typeof rows)[number], forecast: number[]) =>
      `"${JSON.stringify([...row.target, ...forecast])}"`;
    const csv = [
      "label_target",
      history(rows[0]!, [6, 6, 6]),
      history(rows[1]!, [0, 0, 0]),
      history(rows[2]!, [10, 10, 10]),
    ].join("\n");
    const scored = await scoreText(task, "naive", `${csv}\n`);
    expect(scored.score).toBeCloseTo((1 / 1.5 + 2) / 2, 12);
    const forecastOnly = await scoreText(task, "short", 'label_target\n"[6,6,6]"\n"[0,0,0]"\n"[10,10,10]"\n');
    expect(forecastOnly.valid).toBe(false);
  });

  it("APPS Pass@5 runs programs: airs score says so instead of scoring", async () => {
    const task = await officialTask("CodeGenerationAPPSPassAt5", "Pass@5", false, (data) =>
      writeFileSync(join(data, "test_with_labels.jsonl"), '{"input_output": "{}"}\n'),
    );
    expect(task.metadata.shape).toEqual([5000, 5]);
    const error = await scoreText(task, "apps", "code1,code2,code3,code4,code5\na,b,c,d,e\n").catch(
      (e: unknown) => e,
    );
    expect(UserError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/Pass@5 runs the submitted programs/);
  });
});
