/** Queries over a run's archive: who may be a parent, lineages, the best node, growth scores. */
import type { NodeRecord, ScoreRecord } from "../store/run-store.js";
import type { ArchiveEntry } from "./selection.js";

export interface ArchiveView {
  nodes: readonly NodeRecord[];
  scores: readonly ScoreRecord[];
}

/** Only valid, selectable nodes with a score on every task are candidates (DGM-H's rule). */
export function eligibleParents(view: ArchiveView, taskIds: readonly string[]): ArchiveEntry[] {
  const children = new Map<string, number>();
  const compiledChildren = new Map<string, number>();
  for (const node of view.nodes) {
    if (!node.parentId) continue;
    children.set(node.parentId, (children.get(node.parentId) ?? 0) + 1);
    if (node.compiled) compiledChildren.set(node.parentId, (compiledChildren.get(node.parentId) ?? 0) + 1);
  }
  const scoredTasks = new Map<string, Set<string>>();
  for (const score of view.scores) {
    if (score.split === "test") continue;
    const set = scoredTasks.get(score.nodeId) ?? new Set<string>();
    set.add(score.taskId);
    scoredTasks.set(score.nodeId, set);
  }
  return view.nodes
    .filter(
      (node) =>
        node.status === "valid" &&
        node.selectable &&
        node.score !== null &&
        taskIds.every((task) => scoredTasks.get(node.id)?.has(task)),
    )
    .map((node) => ({
      id: node.id,
      score: node.score ?? 0,
      children: children.get(node.id) ?? 0,
      compiledChildren: compiledChildren.get(node.id) ?? 0,
      generation: node.generation,
    }));
}

/** The node and its ancestors, the node first. */
export function lineage(nodes: readonly NodeRecord[], nodeId: string): NodeRecord[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const chain: NodeRecord[] = [];
  let current = byId.get(nodeId);
  while (current && chain.length <= nodes.length) {
    chain.push(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return chain;
}

/** The valid node with the highest selection score; ties go to the earliest. */
export function bestNode(nodes: readonly NodeRecord[]): NodeRecord | undefined {
  let best: NodeRecord | undefined;
  for (const node of nodes) {
    if (node.status !== "valid" || node.score === null) continue;
    if (!best || node.score > (best.score ?? Number.NEGATIVE_INFINITY)) best = node;
  }
  return best;
}

/**
 * DGM-H's growth score for picking an agent to transfer: the mean over descendants j of
 * (a_j − a_i)·γ^depth(i, j), for nodes with at least `minDescendants` scored descendants.
 */
export function growthScore(
  nodes: readonly NodeRecord[],
  nodeId: string,
  options: { gamma?: number; minDescendants?: number } = {},
): number | undefined {
  const gamma = options.gamma ?? 0.6;
  const minDescendants = options.minDescendants ?? 3;
  const byParent = new Map<string, NodeRecord[]>();
  for (const node of nodes) {
    if (!node.parentId) continue;
    const list = byParent.get(node.parentId) ?? [];
    list.push(node);
    byParent.set(node.parentId, list);
  }
  const root = nodes.find((node) => node.id === nodeId);
  if (!root || root.score === null) return undefined;
  const terms: number[] = [];
  const visit = (id: string, depth: number) => {
    for (const child of byParent.get(id) ?? []) {
      if (child.status === "valid" && child.score !== null) {
        terms.push((child.score - (root.score ?? 0)) * gamma ** depth);
      }
      visit(child.id, depth + 1);
    }
  };
  visit(nodeId, 1);
  if (terms.length < minDescendants) return undefined;
  return terms.reduce((sum, term) => sum + term, 0) / terms.length;
}
