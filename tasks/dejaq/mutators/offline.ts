/**
 * Offline mutators: no model, deterministic in the context's random stream. They edit the
 * problem's recipe and re-render, so text and program change together.
 * - setting: the same recipe and numbers rendered in another setting;
 * - distractor: one more irrelevant sentence with numbers the program never reads (at most 3);
 * - symbolic: one of template swap, operator change (of the last added step), extra step,
 *   constant perturbation (fresh numbers for the template) and composition with a second
 *   template, chosen at random among those that apply.
 */
import { UserError } from "../../../sdk/errors.js";
import { deriveSeed, shuffled } from "../../../sdk/internal/random.js";
import {
  checkProblem,
  executeProgram,
  type Op,
  type Problem,
  problemText,
  type Recipe,
  SETTINGS,
} from "../problem.js";
import { drawRoles } from "../settings.js";
import {
  distractorSentence,
  instantiate,
  problemFromRecipe,
  redrawQuantities,
  TEMPLATES,
  templateById,
} from "../templates.js";
import type { MutateContext, Mutator } from "./types.js";

const MAX_DISTRACTORS = 3;
const ALL_OPS: readonly Op[] = ["+", "-", "*", "/"];
const pick = <T>(list: readonly T[], random: () => number): T =>
  list[Math.floor(random() * list.length)] as T;
const int = (lo: number, hi: number, random: () => number) => lo + Math.floor(random() * (hi - lo + 1));

function rebuild(
  parent: Problem,
  ctx: MutateContext,
  recipe: Recipe,
  quantities: Record<string, number>,
  mutator: string,
) {
  return problemFromRecipe(
    { id: ctx.id, setting: parent.setting, recipe, quantities },
    { parentId: parent.id, mutator },
  );
}

/** Tries the other settings in random order; null when the story has no setting words to change. */
export const offlineSetting: Mutator = {
  name: "offline-setting",
  kind: "setting",
  async mutate(parent, ctx) {
    if (!parent.recipe) return null;
    const recipe = parent.recipe;
    const before = problemText(parent);
    for (const setting of shuffled(
      SETTINGS.filter((s) => s !== parent.setting),
      ctx.random,
    )) {
      const candidate = problemFromRecipe(
        { id: ctx.id, setting, recipe, quantities: parent.program.quantities },
        { parentId: parent.id, mutator: "offline-setting" },
      );
      if (problemText(candidate) !== before) return candidate;
    }
    return null;
  },
};

export const offlineDistractor: Mutator = {
  name: "offline-distractor",
  kind: "distractor",
  async mutate(parent, ctx) {
    const seed = Math.floor(ctx.random() * 2 ** 31);
    if (!parent.recipe) {
      const sentence = distractorSentence(parent.setting, seed, drawRoles(parent.setting, seed));
      return {
        ...parent,
        id: ctx.id,
        body: [...parent.body, sentence],
        parentId: parent.id,
        mutator: "offline-distractor",
      };
    }
    if (parent.recipe.distractors.length >= MAX_DISTRACTORS) return null;
    const recipe = { ...parent.recipe, distractors: [...parent.recipe.distractors, seed] };
    return rebuild(parent, ctx, recipe, parent.program.quantities, "offline-distractor");
  },
};

/** A value k for `value op k` that keeps the result whole and positive, or null. */
function clauseValue(op: Op, value: number, random: () => number): number | null {
  if (op === "+") return int(2, 20, random);
  if (op === "-") return value > 2 ? int(1, Math.min(20, value - 1), random) : null;
  if (op === "*") return int(2, 4, random);
  const divisors = [2, 3, 4, 5, 6, 7, 8, 9].filter((d) => value % d === 0);
  return divisors.length > 0 ? pick(divisors, random) : null;
}

function withClause(
  parent: Problem,
  ctx: MutateContext,
  recipe: Recipe,
  op: Op,
  name: string,
): Problem | null {
  const prefix = { ...recipe, clauses: recipe.clauses.slice(0, -1) };
  const base = rebuild(parent, ctx, prefix, parent.program.quantities, "");
  const k = clauseValue(op, base.answer, ctx.random);
  if (k === null) return null;
  const quantities = { ...parent.program.quantities, [recipe.clauses.at(-1)?.quantity ?? "k"]: k };
  return rebuild(parent, ctx, recipe, quantities, name);
}

type Operation = (parent: Problem, recipe: Recipe, ctx: MutateContext) => Problem | null;

const OPERATIONS: Record<string, Operation> = {
  "template-swap": (parent, _recipe, ctx) => {
    const template = pick(
      TEMPLATES.filter((t) => t.id !== parent.recipe?.templateId),
      ctx.random,
    );
    const fresh = instantiate(template, Math.floor(ctx.random() * 2 ** 31), parent.setting);
    return { ...fresh, id: ctx.id, parentId: parent.id, mutator: "offline-symbolic:template-swap" };
  },
  "extra-step": (parent, recipe, ctx) => {
    if (recipe.clauses.length >= 3) return null;
    const quantity = `k${recipe.clauses.length + 1}`;
    for (const op of shuffled(ALL_OPS, ctx.random)) {
      const next = { ...recipe, clauses: [...recipe.clauses, { op, quantity }] };
      const candidate = withClause(parent, ctx, next, op, "offline-symbolic:extra-step");
      if (candidate) return candidate;
    }
    return null;
  },
  "operator-change": (parent, recipe, ctx) => {
    const last = recipe.clauses.at(-1);
    if (!last) return null;
    for (const op of shuffled(
      ALL_OPS.filter((o) => o !== last.op),
      ctx.random,
    )) {
      const next = { ...recipe, clauses: [...recipe.clauses.slice(0, -1), { op, quantity: last.quantity }] };
      const candidate = withClause(parent, ctx, next, op, "offline-symbolic:operator-change");
      if (candidate) return candidate;
    }
    return null;
  },
  "constant-perturbation": (parent, recipe, ctx) => {
    const template = templateById(recipe.templateId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const fresh = redrawQuantities(template, deriveSeed(Math.floor(ctx.random() * 2 ** 31), attempt));
      const candidate = rebuild(
        parent,
        ctx,
        recipe,
        { ...parent.program.quantities, ...fresh },
        "offline-symbolic:constant-perturbation",
      );
      if (checkProblem(candidate).ok && candidate.answer !== parent.answer) return candidate;
    }
    return null;
  },
  composition: (parent, recipe, ctx) => {
    if (recipe.composedWith || recipe.clauses.length > 0) return null;
    const template = pick(TEMPLATES, ctx.random);
    const seed = Math.floor(ctx.random() * 2 ** 31);
    const other = instantiate(template, seed, parent.setting);
    const quantities = { ...parent.program.quantities };
    for (const [name, value] of Object.entries(other.program.quantities)) {
      // Literals (c2) stay unprefixed in the composed expression, as in the template.
      quantities[/^c\d/.test(name) ? name : `b_${name}`] = value;
    }
    const op: Op = executeProgram(parent.program) > other.answer && ctx.random() < 0.5 ? "-" : "+";
    const next = { ...recipe, composedWith: { templateId: template.id, vocabSeed: seed, op } };
    return rebuild(parent, ctx, next, quantities, "offline-symbolic:composition");
  },
};

export const OFFLINE_OPERATIONS = Object.keys(OPERATIONS);

export const offlineSymbolic: Mutator = {
  name: "offline-symbolic",
  kind: "symbolic",
  async mutate(parent, ctx) {
    const names = parent.recipe ? OFFLINE_OPERATIONS : ["template-swap"];
    const order = shuffled(names, ctx.random);
    for (const name of order) {
      const operation = OPERATIONS[name] as Operation;
      const candidate = operation(parent, parent.recipe as Recipe, ctx);
      if (candidate) return candidate;
    }
    return null;
  },
};

/** One symbolic operation by name (tests and the evolve task pick operations directly). */
export function offlineOperation(name: string): Mutator {
  const operation = OPERATIONS[name];
  if (!operation)
    throw new UserError(`unknown offline operation "${name}"; known: ${OFFLINE_OPERATIONS.join(", ")}`);
  return {
    name: `offline-symbolic:${name}`,
    kind: "symbolic",
    mutate: async (parent, ctx) =>
      parent.recipe || name === "template-swap" ? operation(parent, parent.recipe as Recipe, ctx) : null,
  };
}

export const OFFLINE_MUTATORS: readonly Mutator[] = [offlineSetting, offlineDistractor, offlineSymbolic];
