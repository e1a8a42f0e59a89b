/**
 * The offline mutation strategy: given a parent problem (body sentences, question, formula,
 * quantities), return a child made by one mutator, with the answer its program gives. Contextual
 * mutators (distractor, setting) leave the program as it is; structural ones (clause, constant)
 * change text and program together. Randomness is Math.random, which the host seeds.
 */
import { acceptable, evaluateFormula } from "./expr.js";
import { dejaq as params } from "./params.js";

export interface ParentProblem {
  setting: string;
  body: string[];
  question: string;
  formula: string;
  quantities: { [name: string]: number };
  answer: number;
  steps: number;
}

export interface ChildProblem {
  mutator: "distractor" | "setting" | "symbolic";
  setting: string;
  body: string[];
  question: string;
  formula: string;
  quantities: { [name: string]: number };
  answer: number;
  /** What was done, for the log. */
  note: string;
}

const NAMES = [
  "Ana",
  "Ben",
  "Maya",
  "Omar",
  "Lena",
  "Raj",
  "Sofia",
  "Tom",
  "Aiko",
  "Kofi",
  "Nina",
  "Luis",
  "Ines",
  "Yuki",
];
const DISTRACTORS = [
  "{name} is {n} years old.",
  "{name} lives {n} minutes away.",
  "The shop on the corner opened {n} years ago.",
  "There were {n} people in the queue that morning.",
  "{name} has a cousin who owns {n} books.",
  "The bus ride there takes {n} minutes.",
];

function randomInt(lo: number, hi: number): number {
  return lo + Math.floor(Math.random() * (hi - lo + 1));
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function numbersIn(text: string): Set<number> {
  return new Set((text.match(/\d+/g) ?? []).map(Number));
}

function distractor(parent: ParentProblem): ChildProblem {
  const body = [...parent.body];
  const used = numbersIn([...parent.body, parent.question].join(" "));
  for (let k = 0; k < Math.max(1, Math.round(params.distractors)); k++) {
    let n = randomInt(2, 99);
    while (used.has(n)) n = randomInt(2, 99);
    used.add(n);
    const sentence = pick(DISTRACTORS).replace("{name}", pick(NAMES)).replace("{n}", String(n));
    body.splice(randomInt(0, body.length), 0, sentence);
  }
  return { ...parent, body, mutator: "distractor", note: `added ${params.distractors} distractor(s)` };
}

/** Renames the people; undefined when the story names nobody it knows (the child would be the parent). */
function setting(parent: ParentProblem): ChildProblem | undefined {
  const text = [...parent.body, parent.question].join("\n");
  const present = NAMES.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  if (present.length === 0) return undefined;
  const free = NAMES.filter((name) => !present.includes(name));
  let out = text;
  for (const name of present)
    out = out.replace(
      new RegExp(`\\b${name}\\b`, "g"),
      free.splice(Math.floor(Math.random() * free.length), 1)[0] ?? name,
    );
  const lines = out.split("\n");
  return {
    ...parent,
    body: lines.slice(0, -1),
    question: lines[lines.length - 1]!,
    mutator: "setting",
    note: "renamed the people",
  };
}

const CLAUSE_TEXT: { [op: string]: string } = {
  "+": "{k} more are added",
  "-": "{k} are taken away",
  "*": "the amount is multiplied by {k}",
  "/": "it is split equally into {k} groups and one group is kept",
};

function clause(parent: ParentProblem): ChildProblem | undefined {
  const ops =
    params.clauseOps === "additive"
      ? ["+", "-"]
      : params.clauseOps === "multiplicative"
        ? ["*", "/"]
        : ["+", "-", "*", "/"];
  for (let attempt = 0; attempt < 30; attempt++) {
    let formula = parent.formula;
    const quantities = { ...parent.quantities };
    const phrases: string[] = [];
    for (let k = 0; k < Math.max(1, Math.round(params.clauses)); k++) {
      const op = pick(ops);
      let name = `x${k + 1}`;
      while (name in quantities) name = `${name}_`;
      quantities[name] = randomInt(2, Math.max(3, Math.round(params.clauseMax)));
      formula = `(${formula}) ${op} ${name}`;
      phrases.push(CLAUSE_TEXT[op]!.replace("{k}", String(quantities[name])));
    }
    const answer = evaluateFormula(formula, quantities);
    if (!acceptable(answer)) continue;
    const body = [...parent.body, `First: ${parent.question}`];
    const question = `Then ${phrases.join(", then ")}. What is the result?`;
    return {
      mutator: "symbolic",
      setting: parent.setting,
      body,
      question,
      formula,
      quantities,
      answer,
      note: `appended ${phrases.length} step(s)`,
    };
  }
  return undefined;
}

function constant(parent: ParentProblem): ChildProblem | undefined {
  const text = [...parent.body, parent.question].join("\n");
  const names = Object.keys(parent.quantities).filter((name) => {
    const v = parent.quantities[name]!;
    return parent.formula.includes(name) && (text.match(new RegExp(`\\b${v}\\b`, "g")) ?? []).length === 1;
  });
  for (let attempt = 0; attempt < 30 && names.length > 0; attempt++) {
    const name = pick(names);
    const old = parent.quantities[name]!;
    const factor = 1 + Math.random() * (params.constantSpread - 1);
    const value = Math.max(2, Math.round(Math.random() < 0.5 ? old * factor : old / factor));
    if (value === old || numbersIn(text).has(value)) continue;
    const quantities = { ...parent.quantities, [name]: value };
    const answer = evaluateFormula(parent.formula, quantities);
    if (!acceptable(answer)) continue;
    const lines = text.replace(new RegExp(`\\b${old}\\b`), String(value)).split("\n");
    return {
      mutator: "symbolic",
      setting: parent.setting,
      body: lines.slice(0, -1),
      question: lines[lines.length - 1]!,
      formula: parent.formula,
      quantities,
      answer,
      note: `${name} ${old} -> ${value}`,
    };
  }
  return undefined;
}

/** One child of the parent; a structural mutator that finds no valid draw falls back to a distractor. */
export function mutate(parent: ParentProblem): ChildProblem {
  const long = parent.steps >= params.maxSteps && params.contextualWhenLong === "yes";
  const weights: [string, number][] = [
    ["distractor", params.distractorWeight],
    ["setting", params.settingWeight],
    ["clause", long ? 0 : params.clauseWeight],
    ["constant", long ? 0 : params.constantWeight],
  ];
  const total = weights.reduce((sum, [, w]) => sum + Math.max(0, w), 0);
  let roll = Math.random() * (total > 0 ? total : 1);
  let kind = "distractor";
  for (const [name, w] of weights) {
    roll -= Math.max(0, w);
    if (roll < 0) {
      kind = name;
      break;
    }
  }
  const child =
    kind === "setting"
      ? setting(parent)
      : kind === "clause"
        ? clause(parent)
        : kind === "constant"
          ? constant(parent)
          : undefined;
  return child ?? distractor(parent);
}
