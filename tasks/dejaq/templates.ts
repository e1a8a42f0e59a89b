/**
 * Templates and instantiation. A template is maths (a formula over named quantities with draw
 * ranges) plus a story written over roles; `instantiate` draws numbers until the program meets
 * its constraints, then renders the story in a setting. Offline mutators rebuild text and program
 * from the same `Recipe` (`renderRecipe`), so text and program never drift apart.
 */
import { UserError } from "../../sdk/errors.js";
import { deriveSeed, seededRandom } from "../../sdk/internal/random.js";
import {
  checkProblem,
  DEFAULT_CONSTRAINTS,
  type Expr,
  executeProgram,
  type Op,
  type Problem,
  type Program,
  parseExpr,
  type Recipe,
  type SettingId,
} from "./problem.js";
import { drawRoles, fill, VOCABULARY } from "./settings.js";
import { TEMPLATE_SPECS, type TemplateSpec } from "./template-data.js";

export interface Template extends TemplateSpec {
  expr: Expr;
  /** Literal constants the formula writes as numbers (`a * 2` → c2 = 2). */
  literals: Record<string, number>;
}

function compile(spec: TemplateSpec): Template {
  const literals: Record<string, number> = {};
  const expr = parseExpr(spec.formula, literals);
  return { ...spec, expr, literals };
}

export const TEMPLATES: readonly Template[] = TEMPLATE_SPECS.map(compile);
const BY_ID = new Map(TEMPLATES.map((template) => [template.id, template]));

export function templateById(id: string): Template {
  const template = BY_ID.get(id);
  if (!template)
    throw new UserError(
      `no DéjàQ template "${id}": ids look like "sh-03" (see tasks/dejaq/template-data.ts).`,
    );
  return template;
}

/** Draws the template's quantities from one random stream ("n*lo-hi" draws a multiple of n). */
function drawQuantities(template: Template, random: () => number): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [name, spec] of Object.entries(template.quantities)) {
    const match = /^(?:(\w+)\*)?(\d+)-(\d+)$/.exec(spec);
    if (!match)
      throw new UserError(
        `template ${template.id}: quantity spec "${spec}" must look like "2-9" or "n*2-9".`,
      );
    const lo = Number(match[2]);
    const hi = Number(match[3]);
    const draw = lo + Math.floor(random() * (hi - lo + 1));
    const base = match[1] === undefined ? 1 : values[match[1]];
    if (base === undefined)
      throw new UserError(`template ${template.id}: "${name}" needs "${match[1]}" drawn first.`);
    values[name] = draw * base;
  }
  return { ...values, ...template.literals };
}

function splitSentences(text: string): string[] {
  return text.split(/(?<=[.?!])\s+/).filter((s) => s.length > 0);
}

function prefixExpr(expr: Expr, prefix: string): Expr {
  if ("q" in expr) return /^c\d/.test(expr.q) ? expr : { q: `${prefix}${expr.q}` };
  return { op: expr.op, left: prefixExpr(expr.left, prefix), right: prefixExpr(expr.right, prefix) };
}

/** The program's expression from a recipe: the template, composition, then extra steps. */
export function recipeExpr(recipe: Recipe): Expr {
  let expr = templateById(recipe.templateId).expr;
  if (recipe.composedWith) {
    const other = prefixExpr(templateById(recipe.composedWith.templateId).expr, "b_");
    expr = { op: recipe.composedWith.op, left: expr, right: other };
  }
  for (const clause of recipe.clauses) expr = { op: clause.op, left: expr, right: { q: clause.quantity } };
  return expr;
}

const CLAUSE: Record<Op, string> = {
  "+": "{k} more {unit} are added",
  "-": "{k} {unit} are taken away",
  "*": "the number of {unit} is multiplied by {k}",
  "/": "the {unit} are split equally into {k} groups and one group is kept",
};

/** Extra steps after a composition, where there is no single unit to count. */
const PLAIN_CLAUSE: Record<Op, string> = {
  "+": "add {k}",
  "-": "subtract {k}",
  "*": "multiply by {k}",
  "/": "divide by {k}",
};

/** The distractor sentence a seed draws for a setting (numbers 2–99 the program never reads). */
export function distractorSentence(setting: SettingId, seed: number, roles: Record<string, string>): string {
  const random = seededRandom(deriveSeed(seed, "distractor"));
  const patterns = VOCABULARY[setting].distractors;
  const pattern = patterns[Math.floor(random() * patterns.length)] as string;
  const n = 2 + Math.floor(random() * 98);
  const m = 2 + Math.floor(random() * 98);
  return fill(pattern, roles, { n, m });
}

/** Text for a recipe in a setting with the given quantity values. */
export function renderRecipe(
  recipe: Recipe,
  setting: SettingId,
  quantities: Record<string, number>,
): { body: string[]; question: string } {
  const template = templateById(recipe.templateId);
  const roles = drawRoles(setting, recipe.vocabSeed);
  const sentences = splitSentences(fill(template.text, roles, quantities));
  let question = sentences.pop() as string;
  const body = sentences;
  let unit = fill(template.unit, roles, {}).toLowerCase();
  if (recipe.composedWith) {
    const other = templateById(recipe.composedWith.templateId);
    const otherRoles = drawRoles(setting, recipe.composedWith.vocabSeed);
    const otherValues: Record<string, number> = {};
    for (const [name, value] of Object.entries(quantities)) {
      if (name.startsWith("b_")) otherValues[name.slice(2)] = value;
    }
    const otherSentences = splitSentences(fill(other.text, otherRoles, otherValues));
    const otherQuestion = otherSentences.pop() as string;
    body.push(
      `Call the answer to "${question}" X.`,
      ...otherSentences,
      `Call the answer to "${otherQuestion}" Y.`,
    );
    const word = { "+": "X + Y", "-": "X - Y", "*": "X * Y", "/": "X / Y" }[recipe.composedWith.op];
    question = `What is ${word}?`;
    unit = "";
  }
  recipe.distractors.forEach((seed, index) => {
    const sentence = distractorSentence(setting, seed, roles);
    const at = deriveSeed(seed, "at", index) % (body.length + 1);
    body.splice(at, 0, sentence);
  });
  if (recipe.clauses.length > 0) {
    const phrasing = unit === "" ? PLAIN_CLAUSE : CLAUSE;
    body.push(unit === "" ? `Work out: ${question}` : `First: ${question}`);
    const phrases = recipe.clauses.map((clause) =>
      fill(phrasing[clause.op], { unit }, { k: quantities[clause.quantity] as number }),
    );
    const then = phrases.map((phrase) => phrase.charAt(0).toLowerCase() + phrase.slice(1)).join(", then ");
    question = `Then ${then}. ${unit === "" ? "What is the result?" : `How many ${unit} are there at the end?`}`;
  }
  return { body, question };
}

/** A problem from a recipe and quantities (a mutated program's text is re-rendered here). */
export function problemFromRecipe(
  fields: { id: string; setting: SettingId; recipe: Recipe; quantities: Record<string, number> },
  lineage: { parentId: string | null; mutator: string },
): Problem {
  const program: Program = { quantities: fields.quantities, expr: recipeExpr(fields.recipe) };
  let answer: number;
  try {
    answer = executeProgram(program);
  } catch {
    answer = Number.NaN;
  }
  const { body, question } = renderRecipe(fields.recipe, fields.setting, fields.quantities);
  return {
    id: fields.id,
    setting: fields.setting,
    body,
    question,
    program,
    answer,
    constraints: DEFAULT_CONSTRAINTS,
    recipe: fields.recipe,
    ...lineage,
  };
}

/**
 * One problem from a template: numbers drawn from `seed` (redrawn until every step is whole and
 * positive), story rendered in `setting` (the template's home setting by default). Throws when
 * no draw satisfies the constraints (a broken template).
 */
export function instantiate(
  template: Template,
  seed: number,
  setting: SettingId = template.setting,
): Problem {
  for (let attempt = 0; attempt < 500; attempt++) {
    const random = seededRandom(deriveSeed(seed, template.id, attempt));
    const quantities = drawQuantities(template, random);
    const recipe: Recipe = { templateId: template.id, vocabSeed: seed, clauses: [], distractors: [] };
    const problem = problemFromRecipe(
      { id: `${template.id}.${setting}.${seed}`, setting, recipe, quantities },
      { parentId: null, mutator: "seed" },
    );
    if (checkProblem(problem).ok) return problem;
  }
  throw new UserError(`template ${template.id} found no valid draw in 500 tries: widen its quantity ranges.`);
}

/** Draws fresh numbers for a template (constant perturbation and seeding both use it). */
export function redrawQuantities(template: Template, seed: number): Record<string, number> {
  return drawQuantities(template, seededRandom(deriveSeed(seed, template.id, "redraw")));
}
