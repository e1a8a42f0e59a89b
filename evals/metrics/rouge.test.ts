import { describe, expect, it } from "vitest";
import { InvalidSubmissionError } from "./cells.js";
import { porterStem } from "./porter-stemmer.js";
import { lcsLength, rougeL, rougeTokenize, scoreRougeL } from "./rouge.js";

describe("Porter stemmer (NLTK's default mode)", () => {
  it("stems Porter's own examples", () => {
    const cases: Record<string, string> = {
      caresses: "caress",
      ponies: "poni",
      cats: "cat",
      feed: "feed",
      agreed: "agre",
      plastered: "plaster",
      motoring: "motor",
      hopping: "hop",
      falling: "fall",
      filing: "file",
      happy: "happi",
      relational: "relat",
      generalizations: "gener",
      triplicate: "triplic",
      adjustment: "adjust",
      controlling: "control",
    };
    for (const [word, stem] of Object.entries(cases)) expect(porterStem(word), word).toBe(stem);
  });

  it("applies NLTK's departures: irregular forms, 4-letter ies/ied, y after a vowel", () => {
    expect(porterStem("skies")).toBe("sky");
    expect(porterStem("dying")).toBe("die");
    expect(porterStem("ties")).toBe("tie");
    expect(porterStem("tied")).toBe("tie");
    expect(porterStem("cried")).toBe("cri");
    expect(porterStem("say")).toBe("say");
    expect(porterStem("geology")).toBe("geolog");
  });
});

describe("ROUGE-L (rouge_score, use_stemmer=True)", () => {
  it("tokenizes as rouge_score: lower-case, [a-z0-9] runs, stems beyond 3 letters", () => {
    expect(rougeTokenize("The cats' RUNNING-fast, 2024!")).toEqual(["the", "cat", "run", "fast", "2024"]);
    expect(rougeTokenize("Café")).toEqual(["caf"]);
  });

  it("computes the LCS", () => {
    expect(lcsLength(["a", "b", "c", "d"], ["a", "c", "d", "b"])).toBe(3);
    expect(lcsLength([], ["a"])).toBe(0);
  });

  it("gives F = 2PR/(P+R) of the LCS: a worked example", () => {
    // ref: the cat sat on the mat (6), pred: the cat on the mat (5); LCS 5.
    // P = 5/5, R = 5/6, F = 2·(5/6) / (11/6) = 10/11.
    const score = rougeL("the cat sat on the mat", "the cat on the mat");
    expect(score.precision).toBe(1);
    expect(score.recall).toBeCloseTo(5 / 6, 12);
    expect(score.fmeasure).toBeCloseTo(10 / 11, 12);
    // Stemming makes "cats running" and "cat runs" identical.
    expect(rougeL("cats running", "cat runs").fmeasure).toBe(1);
    expect(rougeL("", "anything").fmeasure).toBe(0);
  });

  it("scores ELI5 rows against the first gold answer, mean over rows", () => {
    const labels = [
      { answers: { text: ["the cat sat on the mat", "ignored"] } },
      { answers: { text: ["dogs bark"] } },
    ];
    const preds = [{ answers: "the cat on the mat" }, { answers: "cats meow" }];
    expect(scoreRougeL(preds, labels, "answers")).toBeCloseTo((10 / 11 + 0) / 2, 12);
  });

  it("rejects an empty answer cell, which the official tokenizer cannot take", () => {
    const labels = [{ answers: { text: ["x"] } }];
    expect(() => scoreRougeL([{ answers: "" }], labels, "answers")).toThrow(InvalidSubmissionError);
    expect(() => scoreRougeL([], labels, "answers")).toThrow("submission has 0 rows; the test split has 1");
  });
});
