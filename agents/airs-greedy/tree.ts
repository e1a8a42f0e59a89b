/**
 * The search tree: every script the search wrote, how its run went and what the analysis made
 * of it. A node is buggy when its run failed, its submission was invalid, the analysis called it
 * a bug, or no validation metric is known; only the other ("good") nodes compete for best.
 */

export type NodeKind = "draft" | "debug" | "improve";

/** What `ctx.tools.run_solution` reported (or, when the call itself failed, `toolError`). */
export interface RunResult {
  exitCode: number | null;
  timedOut: boolean;
  wallMs: number;
  outputTail: string;
  submissionValid: boolean;
  /** The task's metric on held-out training rows, computed by the host; null when unavailable. */
  validationScore: number | null;
  reason?: string;
  /** Set when the tool call failed: its message. */
  toolError?: string;
}

/** The analysis step's verdict on one run. */
export interface Analysis {
  /** The model's judgement; null when the analysis call failed or said nothing usable. */
  isBug: boolean | null;
  /** The validation metric the script printed, as the model read it; null when none. */
  printedMetric: number | null;
  summary: string;
}

export interface SolutionNode {
  id: number;
  /** The node this one debugs or improves; null for a draft. */
  parent: number | null;
  kind: NodeKind;
  /** The model's short plan (the prose before the script). */
  plan: string;
  code: string;
  /** Null when there was no script to run (the reply held no code). */
  run: RunResult | null;
  analysis: Analysis;
  isBuggy: boolean;
  /** The node's validation metric: the host's validationScore, else the printed one; null if buggy. */
  metric: number | null;
}

export interface SearchTree {
  nodes: SolutionNode[];
  lowerIsBetter: boolean;
}

/** Whether `a` is a strictly better metric than `b`. */
export function isBetter(a: number, b: number, lowerIsBetter: boolean): boolean {
  return lowerIsBetter ? a < b : a > b;
}

/** The best good node (earliest on ties); undefined when no node is good. */
export function bestNode(tree: SearchTree): SolutionNode | undefined {
  let best: SolutionNode | undefined;
  for (const node of tree.nodes) {
    if (node.isBuggy || node.metric === null) continue;
    if (best === undefined || isBetter(node.metric, best.metric as number, tree.lowerIsBetter)) best = node;
  }
  return best;
}

export function isLeaf(tree: SearchTree, node: SolutionNode): boolean {
  return !tree.nodes.some((other) => other.parent === node.id);
}

/** Consecutive debug steps ending at this node: 0 for a draft or improve node. */
export function debugDepth(tree: SearchTree, node: SolutionNode): number {
  let depth = 0;
  let current: SolutionNode | undefined = node;
  while (current !== undefined && current.kind === "debug") {
    depth++;
    const parentId: number | null = current.parent;
    current = tree.nodes.find((other) => other.id === parentId);
  }
  return depth;
}

/** The chain of ancestors of a node, oldest first (the node excluded). */
export function ancestors(tree: SearchTree, node: SolutionNode): SolutionNode[] {
  const chain: SolutionNode[] = [];
  let parentId = node.parent;
  while (parentId !== null) {
    const parent = tree.nodes.find((other) => other.id === parentId);
    if (parent === undefined) break;
    chain.unshift(parent);
    parentId = parent.parent;
  }
  return chain;
}

/** Judges a run from the host's facts and the analysis: whether it is buggy, and its metric. */
export function judge(
  run: RunResult | null,
  analysis: Analysis,
): { isBuggy: boolean; metric: number | null } {
  if (run === null || run.toolError !== undefined) return { isBuggy: true, metric: null };
  const finite = (value: number | null) => (value !== null && Number.isFinite(value) ? value : null);
  // The host's score is computed the same way for every node, so it ranks them; the printed one is a fallback.
  const metric = finite(run.validationScore) ?? finite(analysis.printedMetric);
  const failed = run.exitCode !== 0 || run.timedOut || !run.submissionValid;
  const isBuggy = failed || analysis.isBug === true || metric === null;
  return { isBuggy, metric: isBuggy ? null : metric };
}
