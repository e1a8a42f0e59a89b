import { describe, expect, it } from "vitest";
import { InvalidSubmissionError } from "./cells.js";
import { meanPassAtK, passAtK, scorePassAtK } from "./pass-at-k.js";

describe("pass@k (unbiased estimator)", () => {
  it("is 1 − C(n−c, k)/C(n, k): worked examples", () => {
    expect(passAtK(5, 0, 5)).toBe(0);
    expect(passAtK(5, 1, 5)).toBe(1);
    // n=10, c=3, k=1: 1 − C(7,1)/C(10,1) = 0.3.
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    // n=4, c=2, k=2: 1 − C(2,2)/C(4,2) = 1 − 1/6.
    expect(passAtK(4, 2, 2)).toBeCloseTo(5 / 6, 12);
    // n=200, c=10, k=5 stays finite: 1 − C(190,5)/C(200,5).
    let ratio = 1;
    for (let i = 0; i < 5; i++) ratio *= (190 - i) / (200 - i);
    expect(passAtK(200, 10, 5)).toBeCloseTo(1 - ratio, 12);
  });

  it("rejects impossible counts", () => {
    expect(() => passAtK(5, 6, 1)).toThrow(RangeError);
    expect(() => passAtK(5, 1, 6)).toThrow(RangeError);
  });

  it("averages over problems; with k = n it is 'any sample passed' (APPS pass@5)", () => {
    expect(
      meanPassAtK(
        [
          [true, false],
          [false, false],
        ],
        1,
      ),
    ).toBe(0.25);
    const executed = [
      { code: "[false, false, true, false, false]" },
      { code: [false, false, false, false, false] },
    ];
    expect(scorePassAtK(executed, [{}, {}], "code")).toBe(0.5);
    expect(() => scorePassAtK([{ code: "[maybe]" }], [{}], "code")).toThrow(InvalidSubmissionError);
  });
});
