/**
 * The offline problem grammar the benchmark's curricula draw from: seed-template
 * instantiations, then mutations that add a distractor sentence (answer unchanged), add an
 * extra-step clause (new maths), redraw the numbers, or move the story to another setting.
 * Every problem is checked (`checkProblem`) before use; a failed mutation returns undefined.
 */

import { withClauses } from "../eval-sets.js";
import { checkProblem, type Problem, SETTINGS } from "../problem.js";
import { instantiate, problemFromRecipe, type Template, templateById } from "../templates.js";

export const GRAMMAR_MUTATORS = ["distractor", "clause", "redraw", "setting"] as const;
export type GrammarMutator = (typeof GRAMMAR_MUTATORS)[number];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function seedOf(random: () => number): number {
  return Math.floor(random() * 2 ** 31);
}

/** The problem with another distractor, redrawn numbers, or another setting (recipe problems only). */
export function mutateProblem(
  parent: Problem,
  mutator: GrammarMutator,
  random: () => number,
): Problem | undefined {
  const recipe = parent.recipe;
  if (recipe === null) return undefined;
  const id = `${parent.id}>${mutator}${seedOf(random) % 10_000}`;
  const lineage = { parentId: parent.id, mutator };
  let child: Problem | undefined;
  if (mutator === "clause") {
    if (recipe.clauses.length >= 3) return undefined;
    child = withClauses(parent, 1, seedOf(random));
  } else if (mutator === "distractor") {
    if (recipe.distractors.length >= 3) return undefined;
    child = problemFromRecipe(
      {
        id,
        setting: parent.setting,
        recipe: { ...recipe, distractors: [...recipe.distractors, seedOf(random)] },
        quantities: parent.program.quantities,
      },
      lineage,
    );
  } else if (mutator === "setting") {
    const setting = pick(
      SETTINGS.filter((s) => s !== parent.setting),
      random,
    );
    child = problemFromRecipe(
      {
        id,
        setting,
        recipe: { ...recipe, vocabSeed: seedOf(random) },
        quantities: parent.program.quantities,
      },
      lineage,
    );
  } else {
    // Constant perturbation: new numbers for the same template, the recipe's additions kept.
    const fresh = instantiate(templateById(recipe.templateId), seedOf(random), parent.setting);
    const quantities = { ...parent.program.quantities, ...fresh.program.quantities };
    child = problemFromRecipe({ id, setting: parent.setting, recipe, quantities }, lineage);
  }
  if (child === undefined || !checkProblem(child).ok) return undefined;
  return { ...child, id };
}

/**
 * A uniformly random problem of the grammar: a template instantiated in a random setting, then
 * 0–2 distractors and 0–2 clauses (domain randomisation).
 */
export function randomProblem(templates: readonly Template[], random: () => number): Problem {
  const base = instantiate(pick(templates, random), seedOf(random), pick(SETTINGS, random));
  let problem = base;
  const distractors = Math.floor(random() * 3);
  const clauses = Math.floor(random() * 3);
  for (let k = 0; k < distractors; k++) problem = mutateProblem(problem, "distractor", random) ?? problem;
  for (let k = 0; k < clauses; k++) problem = mutateProblem(problem, "clause", random) ?? problem;
  return problem;
}
