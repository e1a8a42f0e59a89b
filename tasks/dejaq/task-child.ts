/**
 * Reading and checking what a mutation strategy returned: the child problem is rebuilt on the
 * host from its text, formula and quantities, and must pass `checkProblem` (with the parent's
 * program when the mutation claims to be contextual), state the answer its program gives, and
 * change the text.
 */

import type { JsonValue } from "../task.js";
import {
  checkProblem,
  countSteps,
  DEFAULT_CONSTRAINTS,
  executeProgram,
  formatExpr,
  namesUsed,
  numbersInText,
  type Problem,
  type Program,
  ProgramError,
  problemText,
  programOf,
  SETTINGS,
  type SettingId,
} from "./problem.js";

export const CHILD_MUTATORS = ["distractor", "setting", "symbolic"] as const;
export type ChildMutator = (typeof CHILD_MUTATORS)[number];

export type ChildCheck =
  | { ok: true; child: Problem; mutator: ChildMutator }
  | { ok: false; reason: string; mutator?: ChildMutator };

/** What the agent sees of a parent: text, formula and quantities, never the recipe. */
export function parentInput(parent: Problem): JsonValue {
  return {
    setting: parent.setting,
    body: parent.body,
    question: parent.question,
    formula: formatExpr(parent.program.expr),
    quantities: parent.program.quantities,
    answer: parent.answer,
    steps: countSteps(parent.program.expr),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readQuantities(value: unknown): Record<string, number> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== "number" || !Number.isFinite(v)) return undefined;
    out[name] = v;
  }
  return out;
}

export function checkChild(parent: Problem, value: unknown, id: string): ChildCheck {
  if (!isRecord(value)) return { ok: false, reason: "the reply is not a JSON object" };
  if (typeof value.error === "string") return { ok: false, reason: `the agent reported: ${value.error}` };
  const mutator = CHILD_MUTATORS.find((m) => m === value.mutator);
  if (!mutator) return { ok: false, reason: `mutator must be one of ${CHILD_MUTATORS.join(", ")}` };
  const body =
    Array.isArray(value.body) && value.body.every((s) => typeof s === "string")
      ? (value.body as string[])
      : undefined;
  if (!body || typeof value.question !== "string")
    return { ok: false, reason: "body (sentences) and question are required", mutator };
  if (typeof value.formula !== "string") return { ok: false, reason: "formula is required", mutator };
  const quantities = readQuantities(value.quantities);
  if (!quantities) return { ok: false, reason: "quantities must map names to numbers", mutator };
  const setting = (SETTINGS as readonly string[]).includes(String(value.setting))
    ? (value.setting as SettingId)
    : parent.setting;
  let program: Program;
  let answer: number;
  try {
    program = programOf(value.formula, quantities);
    answer = executeProgram(program);
  } catch (error) {
    if (error instanceof ProgramError) return { ok: false, reason: error.message, mutator };
    throw error;
  }
  if (typeof value.answer !== "number" || value.answer !== answer) {
    return {
      ok: false,
      reason: `the claimed answer ${JSON.stringify(value.answer)} is not the program's ${answer}`,
      mutator,
    };
  }
  const child: Problem = {
    id,
    setting,
    body,
    question: value.question,
    program,
    answer,
    constraints: DEFAULT_CONSTRAINTS,
    recipe: null,
    parentId: parent.id,
    mutator,
  };
  const contextual = mutator !== "symbolic";
  const check = checkProblem(child, contextual ? { sameProgramAs: parent.program } : {});
  if (!check.ok) return { ok: false, reason: check.reason, mutator };
  if (problemText(child) === problemText(parent))
    return { ok: false, reason: "the text is the parent's: nothing new", mutator };
  return { ok: true, child, mutator };
}

/**
 * The problem with a recipe that records its distractors, for students that read them from the
 * recipe: a recipe-less child (written by an agent) gets one per number in its text that the
 * program does not read.
 */
export function withTextDistractors(problem: Problem): Problem {
  if (problem.recipe !== null) return problem;
  const read = namesUsed(problem.program.expr).map((name) => problem.program.quantities[name]);
  const unused = numbersInText(problemText(problem));
  for (const value of read) {
    const at = unused.indexOf(value as number);
    if (at >= 0) unused.splice(at, 1);
  }
  return {
    ...problem,
    recipe: { templateId: "", vocabSeed: 0, clauses: [], distractors: unused.map((_, i) => i) },
  };
}
