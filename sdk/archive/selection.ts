/**
 * Parent selection. A policy is a function from the archive's eligible entries to one parent
 * id; `selectParents` samples k parents with replacement, as DGM and DGM-H do.
 */
import { UserError } from "../errors.js";

/** What a policy may know about a candidate parent: the archive's public summary. */
export interface ArchiveEntry {
  id: string;
  /** Selection score in [0, 1] (mean over tasks of the selection split). */
  score: number;
  /** Archive nodes whose parent is this one. */
  children: number;
  /** Children that passed the compile gate. */
  compiledChildren: number;
  generation: number;
}

export type Random = () => number;
export type SelectionPolicy = (candidates: readonly ArchiveEntry[], random: Random) => string;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface ScoreChildPropOptions {
  /** Sharpness λ of the sigmoid over scores. */
  lambda?: number;
  /** Midpoint a_mid: a number, or "top3-mean" (mean of the three best scores, as DGM-H). */
  midpoint?: number | "top3-mean";
  /** Novelty h(n) from a child count n. */
  novelty?: (n: number) => number;
  /** Which children n counts. */
  count?: "children" | "compiled";
}

/** DGM's `score_child_prop`: p_i ∝ sigmoid(λ(a_i − a_mid)) · h(n_i); uniform when all weights are 0. */
export function scoreChildProp(options: ScoreChildPropOptions = {}): SelectionPolicy {
  const lambda = options.lambda ?? 10;
  const novelty = options.novelty ?? ((n: number) => 1 / (1 + n));
  const count = options.count ?? "children";
  return (candidates, random) => {
    requireCandidates(candidates);
    const midpoint = options.midpoint === "top3-mean" ? top3Mean(candidates) : (options.midpoint ?? 0.5);
    const weights = candidates.map((entry) => {
      const n = count === "compiled" ? entry.compiledChildren : entry.children;
      return sigmoid(lambda * (entry.score - midpoint)) * novelty(n);
    });
    return sampleWeighted(candidates, weights, random);
  };
}

function top3Mean(candidates: readonly ArchiveEntry[]): number {
  const top = candidates
    .map((entry) => entry.score)
    .sort((a, b) => b - a)
    .slice(0, 3);
  return top.reduce((sum, score) => sum + score, 0) / top.length;
}

function sampleWeighted(candidates: readonly ArchiveEntry[], weights: number[], random: Random): string {
  const total = weights.reduce((sum, weight) => sum + (Number.isFinite(weight) ? weight : 0), 0);
  if (!(total > 0)) return pickUniform(candidates, random);
  let threshold = random() * total;
  for (let i = 0; i < candidates.length; i++) {
    const weight = weights[i] ?? 0;
    threshold -= Number.isFinite(weight) ? weight : 0;
    if (threshold < 0) return candidates[i]!.id;
  }
  return candidates[candidates.length - 1]!.id;
}

function pickUniform(candidates: readonly ArchiveEntry[], random: Random): string {
  return candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))]!.id;
}

function requireCandidates(candidates: readonly ArchiveEntry[]): void {
  if (candidates.length === 0)
    throw new UserError("no eligible parent in the archive (every node is invalid or unselectable)");
}

export const randomPolicy: SelectionPolicy = (candidates, random) => {
  requireCandidates(candidates);
  return pickUniform(candidates, random);
};

/** The best score; ties go to the newest (the fix of DGM's ascending-sort bug picks the best, not the worst). */
export const bestPolicy: SelectionPolicy = (candidates) => {
  requireCandidates(candidates);
  return [...candidates].sort((a, b) => b.score - a.score || b.generation - a.generation)[0]!.id;
};

/** The newest node: no open-ended exploration (DGM's `no_darwin`). */
export const latestPolicy: SelectionPolicy = (candidates) => {
  requireCandidates(candidates);
  return [...candidates].sort((a, b) => b.generation - a.generation)[0]!.id;
};

/** The named policies `--selection` accepts. */
export const selectionPolicies = {
  /** DGM: λ = 10, a_mid = 0.5, h = 1/(1+n) over all children. */
  dgm: scoreChildProp({ lambda: 10, midpoint: 0.5, count: "children" }),
  /** DGM-H as in the paper: a_mid = mean of the top-3, h = 1/(1+n) over children that compiled. */
  "dgm-h-paper": scoreChildProp({ lambda: 10, midpoint: "top3-mean", count: "compiled" }),
  /** DGM-H as in its released code: a_mid = mean of the top-3, h = exp(−(n/8)³) over all children. */
  "dgm-h": scoreChildProp({ lambda: 10, midpoint: "top3-mean", novelty: (n) => Math.exp(-((n / 8) ** 3)) }),
  random: randomPolicy,
  best: bestPolicy,
  latest: latestPolicy,
} satisfies Record<string, SelectionPolicy>;

export type SelectionPolicyName = keyof typeof selectionPolicies;

export function resolveSelectionPolicy(policy: SelectionPolicyName | SelectionPolicy): SelectionPolicy {
  if (typeof policy === "function") return policy;
  const found = selectionPolicies[policy];
  if (!found) {
    throw new UserError(
      `unknown selection policy "${String(policy)}": use one of ${Object.keys(selectionPolicies).join(", ")}`,
    );
  }
  return found;
}

/** Samples k parents with replacement. */
export function selectParents(
  policy: SelectionPolicy,
  candidates: readonly ArchiveEntry[],
  k: number,
  random: Random,
): string[] {
  return Array.from({ length: k }, () => policy(candidates, random));
}
