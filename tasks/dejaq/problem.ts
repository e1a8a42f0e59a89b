/**
 * A DéjàQ problem: narrative text plus a symbolic program. The answer always comes from running
 * the program (`executeProgram`), never from a model, so validity is exact.
 *
 * The program is an expression over named quantities ("apples", "price"): leaves name a given
 * number, inner nodes are one arithmetic step each. It has a one-line text form,
 * `(apples + bought) * price`, which templates are written in and a teacher model restates.
 */
import { UserError } from "../../sdk/errors.js";

export type Op = "+" | "-" | "*" | "/";
export const OPS: readonly Op[] = ["+", "-", "*", "/"];

/** One node of the expression: a named quantity, or one step combining two nodes. */
export type Expr = { q: string } | { op: Op; left: Expr; right: Expr };

export interface Program {
  /** The given numbers, by name. Every name the expression uses must be here. */
  quantities: Record<string, number>;
  expr: Expr;
}

/** What a valid answer looks like (grade-school maths: whole, positive, not huge). */
export interface Constraints {
  integer: boolean;
  positive: boolean;
  max: number;
}

export const DEFAULT_CONSTRAINTS: Constraints = { integer: true, positive: true, max: 100_000 };

/** The narrative settings (DéjàQ's hand-made "setting" categories): the archive's first axis. */
export const SETTINGS = [
  "personal-life",
  "events",
  "school",
  "shopping",
  "sports",
  "farm",
  "travel",
  "cooking",
] as const;
export type SettingId = (typeof SETTINGS)[number];

/**
 * How an offline problem's text is rebuilt: its template, the vocabulary draw, and what mutators
 * added. Problems a model wrote have no recipe (their text is literal).
 */
export interface Recipe {
  templateId: string;
  vocabSeed: number;
  /** A second template chained after the first (composition); its quantities are prefixed `b_`. */
  composedWith?: { templateId: string; vocabSeed: number; op: Op };
  /** Extra steps appended to the question, in order: `result op quantity`. */
  clauses: { op: Op; quantity: string }[];
  /** Irrelevant sentences, each drawn from the setting's distractor patterns by its seed. */
  distractors: number[];
}

export interface Problem {
  id: string;
  setting: SettingId;
  /** Sentences before the question: facts and distractors. */
  body: string[];
  question: string;
  program: Program;
  /** `executeProgram(program)`, stored for convenience; `checkProblem` verifies it. */
  answer: number;
  constraints: Constraints;
  /** Where it came from: the template (offline) or null (a model wrote it). */
  recipe: Recipe | null;
  parentId: string | null;
  /** The mutator that made it, or "seed". */
  mutator: string;
}

/** A program that cannot run (unknown name, division by zero, bad syntax). The message names the fault. */
export class ProgramError extends UserError {}

/** The problem as the student reads it. */
export function problemText(problem: Pick<Problem, "body" | "question">): string {
  return [...problem.body, problem.question].join(" ");
}

function apply(op: Op, a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      if (b === 0) throw new ProgramError("division by zero in the program: make the divisor non-zero.");
      return a / b;
  }
}

/** Runs the program: every intermediate value, in evaluation order, then the answer last. */
export function traceProgram(program: Program): number[] {
  const values: number[] = [];
  const run = (node: Expr): number => {
    if ("q" in node) {
      const value = program.quantities[node.q];
      if (value === undefined || !Number.isFinite(value)) {
        throw new ProgramError(
          `the program uses "${node.q}", which is not a given quantity: add it or fix the name.`,
        );
      }
      return value;
    }
    const value = apply(node.op, run(node.left), run(node.right));
    values.push(value);
    return value;
  };
  const answer = run(program.expr);
  if (values.length === 0) values.push(answer);
  return values;
}

/** The program's answer. Throws `ProgramError` when it cannot run. */
export function executeProgram(program: Program): number {
  const steps = traceProgram(program);
  return steps[steps.length - 1] as number;
}

/** Number of arithmetic steps: the archive's difficulty axis. */
export function countSteps(expr: Expr): number {
  return "q" in expr ? 0 : 1 + countSteps(expr.left) + countSteps(expr.right);
}

/** The operators a program uses, with counts (the simulated student's skills). */
export function opsUsed(expr: Expr): Op[] {
  return "q" in expr ? [] : [...opsUsed(expr.left), expr.op, ...opsUsed(expr.right)];
}

/** Names the expression reads, in order of first use. */
export function namesUsed(expr: Expr): string[] {
  const seen = new Set<string>();
  const walk = (node: Expr): void => {
    if ("q" in node) seen.add(node.q);
    else {
      walk(node.left);
      walk(node.right);
    }
  };
  walk(expr);
  return [...seen];
}

const PRECEDENCE: Record<Op, number> = { "+": 1, "-": 1, "*": 2, "/": 2 };

/** The one-line text form, with only the brackets it needs: `(a + b) * c`. */
export function formatExpr(expr: Expr): string {
  if ("q" in expr) return expr.q;
  const p = PRECEDENCE[expr.op];
  const left = formatExpr(expr.left);
  const right = formatExpr(expr.right);
  const leftWrapped = "op" in expr.left && PRECEDENCE[expr.left.op] < p ? `(${left})` : left;
  const rightNeeds =
    "op" in expr.right &&
    (PRECEDENCE[expr.right.op] < p ||
      (PRECEDENCE[expr.right.op] === p && (expr.op === "-" || expr.op === "/")));
  return `${leftWrapped} ${expr.op} ${rightNeeds ? `(${right})` : right}`;
}

/**
 * Parses the text form. Names are letters, digits and `_` (starting with a letter or `_`); a
 * plain number becomes a quantity named `c<number>` added to `literals`, so the program stays a
 * graph over named quantities.
 */
export function parseExpr(text: string, literals: Record<string, number> = {}): Expr {
  const tokens = text.match(/\s*([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|[-+*/()×÷])/g);
  const joined = (tokens ?? []).join("").replace(/\s+/g, "");
  if (!tokens || joined !== text.replace(/\s+/g, "")) {
    throw new ProgramError(`cannot read the formula "${text}": use names, numbers, + - * / and brackets.`);
  }
  const list = tokens.map((t) => t.trim().replace("×", "*").replace("÷", "/"));
  let at = 0;
  const peek = () => list[at];
  const primary = (): Expr => {
    const token = list[at++];
    if (token === "(") {
      const inner = sum();
      if (list[at++] !== ")") throw new ProgramError(`unbalanced brackets in "${text}".`);
      return inner;
    }
    if (token === undefined || /^[-+*/)]$/.test(token)) {
      throw new ProgramError(`the formula "${text}" is incomplete near "${token ?? "the end"}".`);
    }
    if (/^\d/.test(token)) {
      const name = `c${token.replace(".", "_")}`;
      literals[name] = Number(token);
      return { q: name };
    }
    return { q: token };
  };
  const product = (): Expr => {
    let node = primary();
    while (peek() === "*" || peek() === "/") {
      const op = list[at++] as Op;
      node = { op, left: node, right: primary() };
    }
    return node;
  };
  const sum = (): Expr => {
    let node = product();
    while (peek() === "+" || peek() === "-") {
      const op = list[at++] as Op;
      node = { op, left: node, right: product() };
    }
    return node;
  };
  const expr = sum();
  if (at !== list.length) throw new ProgramError(`unexpected "${list[at]}" in the formula "${text}".`);
  return expr;
}

/** A program from its text form and quantities (literals in the formula join the quantities). */
export function programOf(formula: string, quantities: Record<string, number>): Program {
  const literals: Record<string, number> = {};
  const expr = parseExpr(formula, literals);
  return { quantities: { ...quantities, ...literals }, expr };
}

export function samePrograms(a: Program, b: Program): boolean {
  if (formatExpr(a.expr) !== formatExpr(b.expr)) return false;
  const names = namesUsed(a.expr);
  return names.every((name) => a.quantities[name] === b.quantities[name]);
}

export type Check = { ok: true } | { ok: false; reason: string };

/** The numbers written in a text, as values (commas in 1,200 allowed). */
export function numbersInText(text: string): number[] {
  return (text.match(/\d[\d,]*(?:\.\d+)?/g) ?? []).map((n) => Number(n.replace(/,/g, "")));
}

/**
 * Exact validity: the program runs; every step and the answer meet the constraints (whole,
 * positive, at most `max`); the stored answer is the executed one; every named quantity the
 * program reads appears as a number in the text (literals such as `c12` may be implicit, "a
 * dozen"). With `sameProgramAs`, a contextual mutation must leave the program unchanged.
 */
export function checkProblem(problem: Problem, options: { sameProgramAs?: Program } = {}): Check {
  let steps: number[];
  try {
    steps = traceProgram(problem.program);
  } catch (error) {
    return { ok: false, reason: `program does not run: ${(error as Error).message}` };
  }
  const { integer, positive, max } = problem.constraints;
  for (const value of steps) {
    if (integer && !Number.isInteger(value))
      return { ok: false, reason: `a step gives ${value}, not a whole number` };
    if (positive && value < 0) return { ok: false, reason: `a step gives ${value}, below zero` };
  }
  const answer = steps[steps.length - 1] as number;
  if (positive && answer <= 0) return { ok: false, reason: `the answer ${answer} is not positive` };
  if (answer > max) return { ok: false, reason: `the answer ${answer} is above ${max}` };
  if (answer !== problem.answer) {
    return { ok: false, reason: `the stated answer ${problem.answer} is not the program's ${answer}` };
  }
  const written = new Set(numbersInText(problemText(problem)));
  for (const name of namesUsed(problem.program.expr)) {
    if (/^c\d/.test(name)) continue;
    const value = problem.program.quantities[name] as number;
    if (!written.has(value))
      return { ok: false, reason: `the quantity ${name} = ${value} is not in the text` };
  }
  if (problem.question.trim() === "") return { ok: false, reason: "the problem has no question" };
  if (options.sameProgramAs && !samePrograms(options.sameProgramAs, problem.program)) {
    return { ok: false, reason: "a contextual mutation changed the program" };
  }
  return { ok: true };
}
