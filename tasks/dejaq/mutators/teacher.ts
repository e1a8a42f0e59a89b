/**
 * Mutators with a model as teacher. The model answers in JSON; we never take its word for the
 * answer. Contextual kinds keep the parent's program (the model only rewrites the story, and
 * the program's numbers must still be in it). The symbolic kind must restate a program
 * (quantities and a formula) whose executed answer equals the answer it claims; `checkProblem`
 * rejects it otherwise.
 */
import { ModelOutputError } from "../../../sdk/errors.js";
import { extractJsonObject, parseLooseJson } from "../../../sdk/llm/loose-json.js";
import type { ChatModel } from "../../../sdk/llm/types.js";
import {
  DEFAULT_CONSTRAINTS,
  formatExpr,
  type Problem,
  problemText,
  programOf,
  SETTINGS,
  type SettingId,
} from "../problem.js";
import type { MutationKind, Mutator } from "./types.js";

const FORMAT = {
  setting:
    'Rewrite the problem in the setting named below: same numbers, same maths, same answer; change only the story. Reply with JSON: {"setting": "<setting id>", "problem": "<the new problem text, ending with the question>"}',
  distractor:
    'Add one sentence of irrelevant information with a number the solution does not use; keep everything else. Reply with JSON: {"problem": "<the new problem text, ending with the question>"}',
  symbolic:
    'Write a new, slightly different problem (new maths: change an operation, add a step, or change the structure) that a student at the edge of their ability could solve. Restate its solution as a program: named whole-number quantities that appear in the text, and a formula over those names with + - * / and brackets. Reply with JSON: {"problem": "<text ending with the question>", "quantities": {"name": number}, "formula": "<formula>", "answer": number}',
} as const satisfies Record<MutationKind, string>;

export function teacherPrompt(
  parent: Problem,
  kind: MutationKind,
  summary: string,
  target?: SettingId,
): string {
  const used = Object.entries(parent.program.quantities)
    .map(([name, value]) => `${name} = ${value}`)
    .join(", ");
  return [
    "You mutate grade-school maths word problems for a student's curriculum.",
    `Parent problem (setting ${parent.setting}): ${problemText(parent)}`,
    `Its program: ${formatExpr(parent.program.expr)} with ${used}; answer ${parent.answer}.`,
    summary === "" ? "" : `Archive: ${summary}`,
    target ? `Target setting: ${target} (settings: ${SETTINGS.join(", ")}).` : "",
    FORMAT[kind],
  ]
    .filter((line) => line !== "")
    .join("\n");
}

function readJson(text: string): Record<string, unknown> {
  const json = extractJsonObject(text);
  const parsed = json === undefined ? undefined : parseLooseJson(json);
  if (!parsed?.ok || typeof parsed.value !== "object" || parsed.value === null) {
    throw new ModelOutputError(
      "the teacher's reply has no JSON object: ask for the JSON format shown.",
      text,
    );
  }
  return parsed.value as Record<string, unknown>;
}

function splitProblem(text: string): { body: string[]; question: string } {
  const sentences = text
    .trim()
    .split(/(?<=[.?!])\s+/)
    .filter((s) => s.length > 0);
  const question = sentences.pop() ?? "";
  return { body: sentences, question };
}

function requireString(value: unknown, field: string, raw: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ModelOutputError(`the teacher's reply needs a non-empty "${field}" string.`, raw);
  }
  return value;
}

function symbolicProgram(json: Record<string, unknown>, raw: string) {
  const formula = requireString(json.formula, "formula", raw);
  const quantities: Record<string, number> = {};
  if (typeof json.quantities !== "object" || json.quantities === null) {
    throw new ModelOutputError('the teacher\'s reply needs "quantities": {"name": number}.', raw);
  }
  for (const [name, value] of Object.entries(json.quantities as Record<string, unknown>)) {
    if (typeof value !== "number") throw new ModelOutputError(`quantity "${name}" is not a number.`, raw);
    quantities[name] = value;
  }
  const claimed = typeof json.answer === "number" ? json.answer : Number(json.answer);
  if (!Number.isFinite(claimed))
    throw new ModelOutputError('the teacher\'s reply needs a numeric "answer".', raw);
  return { program: programOf(formula, quantities), claimed };
}

/** A mutator of `kind` driven by `model`. Bad output throws `ModelOutputError` (the loop records it as invalid). */
export function teacherMutator(
  model: ChatModel,
  kind: MutationKind,
  options: { temperature?: number } = {},
): Mutator {
  const name = `teacher-${kind}`;
  return {
    name,
    kind,
    async mutate(parent, ctx) {
      const others = SETTINGS.filter((s) => s !== parent.setting);
      const target = kind === "setting" ? others[Math.floor(ctx.random() * others.length)] : undefined;
      const reply = await model.generate({
        messages: [{ role: "user", content: teacherPrompt(parent, kind, ctx.summary, target) }],
        temperature: options.temperature ?? 0.8,
        maxTokens: 800,
        metadata: { role: "dejaq-teacher", mutator: name },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      const json = readJson(reply.text);
      const { body, question } = splitProblem(requireString(json.problem, "problem", reply.text));
      const base = { id: ctx.id, body, question, recipe: null, parentId: parent.id, mutator: name };
      if (kind !== "symbolic") {
        const setting =
          kind === "setting" && SETTINGS.includes(json.setting as SettingId)
            ? (json.setting as SettingId)
            : parent.setting;
        return {
          ...base,
          setting,
          program: parent.program,
          answer: parent.answer,
          constraints: parent.constraints,
        };
      }
      const { program, claimed } = symbolicProgram(json, reply.text);
      return { ...base, setting: parent.setting, program, answer: claimed, constraints: DEFAULT_CONSTRAINTS };
    },
  };
}

export function teacherMutators(model: ChatModel): Mutator[] {
  return (["setting", "distractor", "symbolic"] as const).map((kind) => teacherMutator(model, kind));
}
