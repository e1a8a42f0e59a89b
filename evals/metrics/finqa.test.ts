import { describe, expect, it } from "vitest";
import { finqaMatch, finqaNumber, finqaText, scoreFinqa } from "./finqa.js";

describe("FinQA accuracy", () => {
  it("parses numbers as the official to_number: currency, commas, (x) → −x, % → /100", () => {
    expect(finqaNumber("$1,234.5")).toBe(1234.5);
    expect(finqaNumber("(12)")).toBe(-12);
    expect(finqaNumber("( 1,000 )")).toBe(-1000);
    expect(finqaNumber("5%")).toBe(0.05);
    expect(finqaNumber("-3.5e2")).toBe(-350);
    expect(finqaNumber("€ 7")).toBe(7);
    expect(finqaNumber("")).toBeUndefined();
    expect(finqaNumber("yes")).toBeUndefined();
  });

  it("matches numbers within max(1e-4, 1e-4 · max(1, |t|))", () => {
    // t = 1234.6: tolerance 0.12346, so 1234.5 (off by 0.1) matches and 1234.4 (0.2) does not.
    expect(finqaMatch("1234.5", "1234.6")).toBe(true);
    expect(finqaMatch("1234.4", "1234.6")).toBe(false);
    // t = 0.05: tolerance 1e-4; "5%" is exactly 0.05, 0.0502 is off by 2e-4.
    expect(finqaMatch("5%", "0.05")).toBe(true);
    expect(finqaMatch("0.0502", "0.05")).toBe(false);
    expect(finqaMatch("(3)", "-3.00004")).toBe(true);
  });

  it("falls back to lower-cased, whitespace-collapsed text", () => {
    expect(finqaText("  Yes   Sir ")).toBe("yes sir");
    expect(finqaMatch("YES", "yes")).toBe(true);
    expect(finqaMatch("no", "yes")).toBe(false);
  });

  it("scores rows; NA-like cells read as empty text, as pandas reads them as NaN", () => {
    const labels = [{ answer: "12.5%" }, { answer: "yes" }, { answer: "3" }, { answer: "" }];
    const preds = [{ answer: "0.125" }, { answer: "Yes" }, { answer: "4" }, { answer: "NA" }];
    // 0.125 = 12.5%; yes = Yes; 4 ≠ 3; NA → "" = "".
    expect(scoreFinqa(preds, labels, "answer")).toBe(0.75);
  });

  it("rejects a wrong row count", () => {
    expect(() => scoreFinqa([], [{ answer: "1" }], "answer")).toThrow(
      "submission has 0 rows; the test split has 1",
    );
  });
});
