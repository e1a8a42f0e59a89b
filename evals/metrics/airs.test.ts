import { describe, expect, it } from "vitest";
import {
  AIRS_EVALUATOR_IDS,
  type AirsEvaluatorId,
  evaluateAirs,
  InvalidSubmissionError,
  type Row,
} from "./airs.js";

/** Per rule: test_with_labels rows, the gold submission (as CSV strings), the optimum, its column. */
interface Case {
  column: string;
  labels: Row[];
  gold: Row[];
  optimum: number;
  /** Where swapping rows changes nothing (MRR keys rows by query), a worse submission. */
  worse?: Row[];
}

const series = (values: number[]) => JSON.stringify(values);

const CASES: Record<AirsEvaluatorId, Case> = {
  accuracy: {
    column: "label",
    labels: [{ label: 0 }, { label: 4 }],
    gold: [{ label: "0" }, { label: "4" }],
    optimum: 1,
  },
  "accuracy-int": {
    column: "Answer",
    labels: [{ Answer: 12.0 }, { Answer: 3.0 }],
    gold: [{ Answer: "12.0" }, { Answer: "3" }],
    optimum: 1,
  },
  "accuracy-finqa": {
    column: "answer",
    labels: [{ answer: "12.5%" }, { answer: "yes" }],
    gold: [{ answer: "12.5%" }, { answer: "yes" }],
    optimum: 1,
  },
  "exact-match-squad": {
    column: "answers",
    labels: [
      { answers: { text: ["Denver"], answer_start: [0] } },
      { answers: { text: ["1996"], answer_start: [3] } },
    ],
    gold: [{ answers: "Denver" }, { answers: "1996" }],
    optimum: 1,
  },
  duorc: {
    column: "answers",
    labels: [
      { answers: ["Ringo"], no_answer: false },
      { answers: [], no_answer: true },
    ],
    gold: [
      { answer: "Ringo", has_answer: "True" },
      { answer: "", has_answer: "False" },
    ],
    optimum: 1,
  },
  "rouge-l": {
    column: "answers",
    labels: [{ answers: { text: ["cats purr softly"] } }, { answers: { text: ["dogs bark loudly"] } }],
    gold: [{ answers: "cats purr softly" }, { answers: "dogs bark loudly" }],
    optimum: 1,
  },
  mae: { column: "y", labels: [{ y: 1.5 }, { y: -2 }], gold: [{ y: "1.5" }, { y: "-2" }], optimum: 0 },
  "mae-masked": {
    column: "",
    labels: [
      { target: [1, 2], label_target: [1, 2, 3, 4] },
      { target: [5, 5], label_target: [5, 5, 9, 1] },
    ],
    gold: [{ label_target: series([3, 4]) }, { label_target: series([9, 1]) }],
    optimum: 0,
  },
  mase: {
    column: "label_target",
    labels: [
      { target: [1, 2], label_target: [1, 2, 3, 4] },
      { target: [5, 6], label_target: [5, 6, 9, 1] },
    ],
    gold: [{ label_target: series([1, 2, 3, 4]) }, { label_target: series([5, 6, 9, 1]) }],
    optimum: 0,
  },
  spearman: {
    column: "relatedness_score",
    labels: [{ relatedness_score: 1.5 }, { relatedness_score: 4.2 }],
    gold: [{ relatedness_score: "1.5" }, { relatedness_score: "4.2" }],
    optimum: 1,
  },
  mrr: {
    column: "id",
    labels: [
      { query: "sort a list", id: 7 },
      { query: "read a file", id: 2 },
    ],
    gold: [
      { query: "sort a list", rankings: "[7, 2]" },
      { query: "read a file", rankings: "[2, 7]" },
    ],
    optimum: 1,
    worse: [
      { query: "sort a list", rankings: "[2, 7]" },
      { query: "read a file", rankings: "[7, 2]" },
    ],
  },
  "pass-at-k": {
    column: "outcomes",
    labels: [{}, {}],
    gold: [{ outcomes: "[true, false]" }, { outcomes: "[false, true]" }],
    optimum: 1,
  },
};

/** The gold submission with its two rows swapped (the official "permuted gold"). */
function permuted(rows: Row[]): Row[] {
  return [rows[1]!, rows[0]!];
}

describe("evaluateAirs", () => {
  it("has a case for every rule", () => {
    expect(Object.keys(CASES).sort()).toEqual([...AIRS_EVALUATOR_IDS].sort());
  });

  for (const id of AIRS_EVALUATOR_IDS) {
    const { column, labels, gold, optimum, worse } = CASES[id];
    it(`${id}: gold scores the optimum (${optimum})`, () => {
      expect(evaluateAirs(id, gold, labels, column)).toBeCloseTo(optimum, 12);
    });

    it(`${id}: permuted gold scores worse or is invalid, and a missing row is invalid`, () => {
      let score: number | undefined;
      try {
        score = evaluateAirs(id, worse ?? permuted(gold), labels, column);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidSubmissionError);
      }
      if (score !== undefined && id !== "pass-at-k") {
        expect(optimum === 0 ? score > 0 : score < 1 || Number.isNaN(score)).toBe(true);
      }
      expect(() => evaluateAirs(id, gold.slice(0, 1), labels, column)).toThrow(
        "submission has 1 rows; the test split has 2",
      );
    });
  }

  it("rejects an unknown rule as a caller bug, not as an invalid submission", () => {
    expect(() => evaluateAirs("bleu" as AirsEvaluatorId, [], [], "x")).toThrow(RangeError);
  });
});
