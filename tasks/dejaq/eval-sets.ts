/**
 * The problem sets of a DéjàQ evaluation, rebuilt from (set, template, seed) alone:
 * - `seed`: a fresh instantiation of a seed template (the templates the archive starts from);
 * - `perturbed-1`, `perturbed-2`: the same problem with one or two added clauses, each an extra
 *   step on the answer (GSM-Symbolic's P1 and P2);
 * - `held-out`: instantiations of templates the archive never seeds from (one per setting).
 */
import { deriveSeed, seededRandom } from "../../sdk/internal/random.js";
import { checkProblem, OPS, type Problem, type Recipe } from "./problem.js";
import { instantiate, problemFromRecipe, TEMPLATES, type Template } from "./templates.js";

export const EVAL_SETS = ["seed", "perturbed-1", "perturbed-2", "held-out"] as const;
export type EvalSet = (typeof EVAL_SETS)[number];

/** The last template of each setting (ids ending in -08) is held out from seeding and training. */
export const HELD_OUT_TEMPLATES: readonly Template[] = TEMPLATES.filter((t) => t.id.endsWith("-08"));
export const SEED_TEMPLATES: readonly Template[] = TEMPLATES.filter((t) => !t.id.endsWith("-08"));

/**
 * The problem with `count` more extra-step clauses ("then 7 are taken away, ..."), each drawn
 * (operation and a number 2–9) until every step stays whole and positive. Undefined when no draw
 * works (rare: the answer is already at the bounds).
 */
export function withClauses(problem: Problem, count: number, seed: number): Problem | undefined {
  if (problem.recipe === null) return undefined;
  const random = seededRandom(deriveSeed(seed, problem.id, "clauses", count));
  for (let attempt = 0; attempt < 200; attempt++) {
    const quantities = { ...problem.program.quantities };
    const clauses: Recipe["clauses"] = [...problem.recipe.clauses];
    for (let k = 0; k < count; k++) {
      const name = `x${clauses.length + 1}`;
      quantities[name] = 2 + Math.floor(random() * 8);
      clauses.push({ op: OPS[Math.floor(random() * OPS.length)]!, quantity: name });
    }
    const next = problemFromRecipe(
      {
        id: `${problem.id}+${count}`,
        setting: problem.setting,
        recipe: { ...problem.recipe, clauses },
        quantities,
      },
      { parentId: problem.id, mutator: "clauses" },
    );
    if (checkProblem(next).ok) return next;
  }
  return undefined;
}

/** The problem of one evaluation sample; the same arguments always give the same problem. */
export function evalProblem(set: EvalSet, template: Template, seed: number): Problem | undefined {
  const base = instantiate(template, deriveSeed(seed, "eval", set === "held-out" ? "held-out" : "seed"));
  if (set === "perturbed-1") return withClauses(base, 1, seed);
  if (set === "perturbed-2") return withClauses(base, 2, seed);
  return base;
}

/** The templates a set draws from. */
export function setTemplates(set: EvalSet): readonly Template[] {
  return set === "held-out" ? HELD_OUT_TEMPLATES : SEED_TEMPLATES;
}
