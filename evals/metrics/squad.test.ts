import { describe, expect, it } from "vitest";
import { InvalidSubmissionError } from "./cells.js";
import { goldAnswers, normalizeAnswer, scoreDuorc, scoreSquadExactMatch } from "./squad.js";

describe("SQuAD normalisation", () => {
  it("lower-cases, drops ASCII punctuation and whole-word articles, collapses whitespace", () => {
    expect(normalizeAnswer("The Eiffel  Tower!")).toBe("eiffel tower");
    expect(normalizeAnswer("an apple a day")).toBe("apple day");
    // "theory" and "anatomy" keep their letters: articles go only as whole words.
    expect(normalizeAnswer("Theory of anatomy")).toBe("theory of anatomy");
    // Punctuation goes before articles: "the-end" → "theend", which is no article.
    expect(normalizeAnswer("the-end")).toBe("theend");
  });

  it("treats non-ASCII letters as word characters, as Python's \\b does", () => {
    expect(normalizeAnswer("éthe café")).toBe("éthe café");
    expect(normalizeAnswer("« the »")).toBe("« »");
  });

  it("reads gold answers from SQuAD's dict, a list, JSON text or a string", () => {
    expect(goldAnswers({ text: ["a", "b"], answer_start: [1, 2] })).toEqual(["a", "b"]);
    expect(goldAnswers('{"text": ["x"]}')).toEqual(["x"]);
    expect(goldAnswers(["y"])).toEqual(["y"]);
    expect(goldAnswers("z")).toEqual(["z"]);
  });
});

describe("SQuAD exact match", () => {
  it("scores the max over gold answers", () => {
    const labels = [
      { answers: { text: ["Denver Broncos", "The Broncos"], answer_start: [0, 0] } },
      { answers: { text: ["1996"], answer_start: [0] } },
      { answers: { text: ["Paris"], answer_start: [0] } },
    ];
    const preds = [{ answers: "broncos" }, { answers: "1996." }, { answers: "London" }];
    // "broncos" = normalize("The Broncos"); "1996." = "1996"; London ≠ Paris.
    expect(scoreSquadExactMatch(preds, labels, "answers")).toBeCloseTo(2 / 3, 12);
  });

  it("reads NA-like cells as 'nan' and '\"None\"' as None, as the official script does", () => {
    const labels = [{ answers: ["nan"] }, { answers: ["None"] }];
    expect(scoreSquadExactMatch([{ a: "" }, { a: '"None"' }], labels, "answers")).toBe(1);
  });

  it("rejects a wrong row count", () => {
    expect(() => scoreSquadExactMatch([], [{ answers: ["x"] }], "answers")).toThrow(InvalidSubmissionError);
  });
});

describe("DuoRC accuracy", () => {
  const labels = [
    { answers: ["Ringo"], no_answer: false },
    { answers: [], no_answer: true },
    { answers: ["a dog"], no_answer: false },
    { answers: [], no_answer: true },
  ];

  it("credits 'no answer' only when the label has none, and otherwise needs a match", () => {
    const preds = [
      { answer: "ringo", has_answer: "True" }, // match
      { answer: "", has_answer: "False" }, // no answer, label has none: right
      { answer: "", has_answer: "false" }, // no answer, label has one: wrong
      { answer: "something", has_answer: "1" }, // answered, label has none: wrong
    ];
    expect(scoreDuorc(preds, labels, "answers")).toBe(0.5);
  });

  it("reads CSV labels (JSON text, 'True'/'False')", () => {
    const csvLabels = [{ answers: '["Ringo"]', no_answer: "False" }];
    expect(scoreDuorc([{ answer: "Ringo", has_answer: "true" }], csvLabels, "answers")).toBe(1);
  });

  it("rejects an unreadable flag and a missing column", () => {
    const one = labels.slice(0, 1);
    expect(() => scoreDuorc([{ answer: "x", has_answer: "maybe" }], one, "answers")).toThrow(
      "row 1, column 'has_answer': \"maybe\" is not true/false or 1/0",
    );
    expect(() => scoreDuorc([{ answer: "x" }], one, "answers")).toThrow(
      "submission has no column 'has_answer'",
    );
  });
});
