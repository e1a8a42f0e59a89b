/**
 * The greedy search policy (AIDE-style, as aira-dojo's greedy solver): draft until `numDrafts`
 * drafts exist; then, with probability `debugProb`, debug a buggy leaf drawn at random among
 * those whose debug depth is at most `maxDebugDepth`; otherwise improve the best good node, or
 * draft again when there is none. The search stops after `maxSteps` nodes. Pure: the tree, the
 * parameters and the random source decide, so it is tested without a model.
 */
import { pick, type Random } from "./random.js";
import { bestNode, debugDepth, isLeaf, type SearchTree } from "./tree.js";

export interface PolicyParams {
  numDrafts: number;
  debugProb: number;
  maxDebugDepth: number;
  maxSteps: number;
}

export type Action =
  | { kind: "draft" }
  | { kind: "debug"; parent: number }
  | { kind: "improve"; parent: number }
  | { kind: "stop"; reason: string };

export function nextAction(tree: SearchTree, params: PolicyParams, random: Random): Action {
  if (tree.nodes.length >= params.maxSteps)
    return { kind: "stop", reason: `the ${params.maxSteps}-step budget is spent` };
  const drafts = tree.nodes.filter((node) => node.kind === "draft").length;
  if (drafts < params.numDrafts) return { kind: "draft" };
  // The coin is drawn on every step past the drafts, as in the reference solver.
  if (random() < params.debugProb) {
    const debuggable = tree.nodes.filter(
      (node) => node.isBuggy && isLeaf(tree, node) && debugDepth(tree, node) <= params.maxDebugDepth,
    );
    if (debuggable.length > 0) return { kind: "debug", parent: pick(random, debuggable).id };
  }
  const best = bestNode(tree);
  return best === undefined ? { kind: "draft" } : { kind: "improve", parent: best.id };
}
