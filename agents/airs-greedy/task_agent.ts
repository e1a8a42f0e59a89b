/**
 * The greedy research scaffold's task agent (AIDE-style tree search, as AIRS-Bench's greedy
 * harness): drafts, debugs and improves TypeScript solution scripts, running each through the
 * task's `run_solution` tool, and returns the best valid one by its held-out validation score.
 */
import { search as searchParams } from "./params.js";
import type { AirsInput } from "./prompts.js";
import { createRandom } from "./random.js";
import { runSearch } from "./search.js";
import { bestNode, type SearchTree, type SolutionNode } from "./tree.js";
import type { TaskAgentContext } from "./types.js";

/** The script to submit: the best good node, else the newest that wrote a valid submission, else the newest script. */
export function finalNode(tree: SearchTree): SolutionNode | undefined {
  const withCode = tree.nodes.filter((node) => node.code !== "");
  return (
    bestNode(tree) ?? withCode.filter((node) => node.run?.submissionValid === true).at(-1) ?? withCode.at(-1)
  );
}

export async function solve(input: unknown, ctx: TaskAgentContext): Promise<unknown> {
  const airsInput = (input !== null && typeof input === "object" ? input : {}) as AirsInput;
  const description = ctx.data?.task?.description ?? "";
  const seed = searchParams.seed ?? Math.floor(Math.random() * 2 ** 32);
  const { tree, stopReason } = await runSearch(ctx, description, airsInput, createRandom(seed));
  const chosen = finalNode(tree);
  ctx.log(
    `search stopped after ${tree.nodes.length} nodes: ${stopReason}; returning node ${chosen?.id ?? "none"}`,
  );
  if (chosen === undefined) return { error: `no solution script was written: ${stopReason}` };
  return { solution: chosen.code };
}
