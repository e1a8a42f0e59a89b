import { describe, expect, it } from "vitest";
import { parseGuessAnswer, parseHintsAnswer, parseKeywordsAnswer } from "./answer.js";

describe("the ANSWER protocol", () => {
  it("reads hints after the last ANSWER:, tolerating fences and single quotes", () => {
    expect(
      parseHintsAnswer(
        "Thinking... ANSWER: {\"hints\": [\"x\"]}\nActually:\nANSWER: ```json\n{'hints': ['tide', 'keys', 'sand dune']}\n```",
      ),
    ).toEqual({
      ok: true,
      value: ["tide", "keys", "sand dune"],
    });
  });

  it("explains what is wrong", () => {
    expect(parseHintsAnswer("no answer here")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/ANSWER:/),
    });
    expect(parseHintsAnswer('ANSWER: {"hints": ["a", "b"]}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/exactly three/),
    });
    expect(
      parseHintsAnswer('ANSWER: {"hints": ["Ocean", "b", "c"]}', ["ocean", "x", "y", "z"]),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/keyword/),
    });
    expect(parseHintsAnswer('ANSWER: {"hints": ["a very long hint", "b", "c"]}')).toMatchObject({
      ok: true,
      warning: expect.any(String),
    });
  });

  it("reads guesses as strings or lists, digits 1–4 only", () => {
    expect(parseGuessAnswer('ANSWER: {"guess": "3-1-4"}')).toEqual({ ok: true, value: [3, 1, 4] });
    expect(parseGuessAnswer('ANSWER: {"guess": [2, 2, 1]}')).toEqual({ ok: true, value: [2, 2, 1] });
    expect(parseGuessAnswer('ANSWER: {"guess": "3-1-5"}').ok).toBe(false);
    expect(parseGuessAnswer('ANSWER: {"code": "3-1-4"}').ok).toBe(false);
  });

  it("reads four keywords", () => {
    expect(parseKeywordsAnswer('ANSWER: {"keywords": ["a", " B ", "unknown", "d"]}')).toEqual({
      ok: true,
      value: ["a", "B", "unknown", "d"],
    });
    expect(parseKeywordsAnswer('ANSWER: {"keywords": ["a"]}').ok).toBe(false);
  });
});
