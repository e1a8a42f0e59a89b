/**
 * The offline DéjàQ task agent: a mutation strategy without a model. Given a parent problem and
 * a summary of the archive, it returns one new problem (text, formula, quantities, the answer its
 * program gives). The host checks the child exactly and scores the learnable mass it adds for a
 * fixed student; params.ts holds what the meta agent tunes.
 */
import { mutate, type ParentProblem } from "./mutate.js";
import type { TaskAgentContext } from "./types.js";

function readParent(input: unknown): ParentProblem | undefined {
  const parent = (input as { parent?: ParentProblem } | null)?.parent;
  if (
    typeof parent !== "object" ||
    parent === null ||
    !Array.isArray(parent.body) ||
    typeof parent.question !== "string" ||
    typeof parent.formula !== "string" ||
    typeof parent.quantities !== "object"
  ) {
    return undefined;
  }
  return parent;
}

export async function solve(input: unknown, ctx: TaskAgentContext): Promise<unknown> {
  if (ctx.data?.task?.id !== "dejaq") {
    return {
      error: `the dejaq-offline agent mutates DéjàQ problems only, not task "${String(ctx.data?.task?.id)}"`,
    };
  }
  const parent = readParent(input);
  if (!parent) return { error: "the input has no parent problem { body, question, formula, quantities }" };
  const child = mutate(parent);
  ctx.log(`${child.mutator}: ${child.note}`);
  const { note: _note, ...problem } = child;
  return problem;
}
