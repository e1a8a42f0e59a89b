import { describe, expect, it } from "vitest";
import { exactMatch, exactMatchRate } from "./score.js";

describe("exact match", () => {
  it("ignores surrounding whitespace only", () => {
    expect(exactMatch(" 42 ", "42")).toBe(true);
    expect(exactMatch("4 2", "42")).toBe(false);
    expect(exactMatch("042", "42")).toBe(false);
    expect(exactMatch('"abc"', '"abc"')).toBe(true);
  });

  it("is the share of matching answers, 0 for none, and refuses unequal lengths", () => {
    expect(exactMatchRate(["1", "2", "3", "x"], ["1", "2", "4", "5"])).toBe(0.5);
    expect(exactMatchRate([], [])).toBe(0);
    expect(() => exactMatchRate(["1"], [])).toThrow(/1 predictions for 0 gold/);
  });
});
