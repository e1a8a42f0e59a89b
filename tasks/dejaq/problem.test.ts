import { describe, expect, it } from "vitest";
import {
  checkProblem,
  countSteps,
  executeProgram,
  formatExpr,
  opsUsed,
  type Problem,
  ProgramError,
  parseExpr,
  programOf,
  samePrograms,
} from "./problem.js";

function literalProblem(
  formula: string,
  quantities: Record<string, number>,
  text: string,
  answer: number,
): Problem {
  const sentences = text.split(/(?<=[.?])\s+/);
  return {
    id: "p",
    setting: "shopping",
    body: sentences.slice(0, -1),
    question: sentences[sentences.length - 1] as string,
    program: programOf(formula, quantities),
    answer,
    constraints: { integer: true, positive: true, max: 1000 },
    recipe: null,
    parentId: null,
    mutator: "seed",
  };
}

describe("programs", () => {
  it("parses, formats with only the brackets needed, and executes", () => {
    const program = programOf("(apples + bought) * price - 3", { apples: 4, bought: 2, price: 5 });
    expect(executeProgram(program)).toBe(27);
    expect(formatExpr(program.expr)).toBe("(apples + bought) * price - c3");
    expect(countSteps(program.expr)).toBe(3);
    expect(opsUsed(program.expr).sort()).toEqual(["*", "+", "-"]);
    expect(formatExpr(parseExpr("a - (b - c)"))).toBe("a - (b - c)");
    expect(formatExpr(parseExpr("a / (b * c)"))).toBe("a / (b * c)");
  });

  it("names the fault when a program cannot run", () => {
    expect(() => executeProgram(programOf("a / b", { a: 3, b: 0 }))).toThrow(/division by zero/);
    expect(() => executeProgram(programOf("a + z", { a: 3 }))).toThrow(ProgramError);
    expect(() => parseExpr("a + ")).toThrow(/incomplete/);
    expect(() => parseExpr("a + (b")).toThrow(/brackets/);
    expect(() => parseExpr("a $ b")).toThrow(/cannot read/);
  });

  it("compares programs by structure and the values they read", () => {
    const a = programOf("x * y", { x: 2, y: 3, unused: 9 });
    expect(samePrograms(a, programOf("x * y", { x: 2, y: 3 }))).toBe(true);
    expect(samePrograms(a, programOf("x * y", { x: 2, y: 4 }))).toBe(false);
    expect(samePrograms(a, programOf("x + y", { x: 2, y: 3 }))).toBe(false);
  });
});

describe("checkProblem", () => {
  const text = "Ana buys 4 mugs at 5 dollars each. How much does she pay?";
  it("accepts a problem whose stated answer is the executed one", () => {
    expect(checkProblem(literalProblem("n * p", { n: 4, p: 5 }, text, 20))).toEqual({ ok: true });
  });
  it("rejects a wrong stated answer, fractions, negatives, huge answers and missing numbers", () => {
    expect(checkProblem(literalProblem("n * p", { n: 4, p: 5 }, text, 21))).toMatchObject({ ok: false });
    const frac = checkProblem(literalProblem("n / p", { n: 4, p: 5 }, text, 0.8));
    expect(frac).toMatchObject({ ok: false, reason: expect.stringMatching(/whole/) });
    const neg = checkProblem(literalProblem("n - p", { n: 4, p: 5 }, text, -1));
    expect(neg).toMatchObject({ ok: false, reason: expect.stringMatching(/below zero/) });
    const huge = checkProblem(literalProblem("n * p * p * p * p", { n: 4, p: 5 }, text, 2500));
    expect(huge).toMatchObject({ ok: false, reason: expect.stringMatching(/above 1000/) });
    const missing = checkProblem(literalProblem("n * p", { n: 4, p: 6 }, text, 24));
    expect(missing).toMatchObject({ ok: false, reason: expect.stringMatching(/p = 6 is not in the text/) });
  });
  it("rejects a contextual mutation that changed the program", () => {
    const problem = literalProblem("n * p", { n: 4, p: 5 }, text, 20);
    expect(checkProblem(problem, { sameProgramAs: programOf("n + p", { n: 4, p: 5 }) })).toMatchObject({
      ok: false,
    });
    expect(checkProblem(problem, { sameProgramAs: programOf("n * p", { n: 4, p: 5 }) }).ok).toBe(true);
  });
});
