/**
 * Where the benchmark's training batches come from, three ways, for the same student and budget:
 * - `static`: a fixed set of seed-template problems, sampled uniformly (static-set RLVR);
 * - `uniform`: fresh problems drawn uniformly from the offline grammar every step (domain
 *   randomisation, "resampling instead of mutating");
 * - `learnability`: a DéjàQ-style archive seeded with the static set; batches are drawn in
 *   proportion to estimated learnability p(1 − p) (decaying towards a prior as it goes stale,
 *   plus a floor), and each step mutates sampled parents, keeping a child only when the student
 *   sometimes but not always solves it (0 < p̂ < 1).
 */
import type { Problem } from "../problem.js";
import { problemText } from "../problem.js";
import type { Template } from "../templates.js";
import { instantiate } from "../templates.js";
import type { LearnerProblem } from "./encode.js";
import { GRAMMAR_MUTATORS, mutateProblem, randomProblem } from "./grammar.js";

export const CURRICULA = ["learnability", "uniform", "static"] as const;
export type CurriculumName = (typeof CURRICULA)[number];

export interface BatchProblem extends LearnerProblem {
  id: string;
}

/** Successes out of `group` sampled rollouts of the current student, per problem (no learning). */
export type SuccessProbe = (problems: readonly LearnerProblem[]) => number[];

export interface Curriculum {
  readonly name: CurriculumName;
  batch(size: number, random: () => number): BatchProblem[];
  /** The training rollouts' outcomes for the batch just drawn. */
  observe(batch: readonly BatchProblem[], successes: readonly number[], group: number, step: number): void;
  /** Between steps: the learnability curriculum mutates and filters here (extra probe rollouts). */
  grow(step: number, random: () => number, probe: SuccessProbe, group: number): void;
  /** Problems held, children tried and kept, probe rollouts spent. */
  stats(): { size: number; tried: number; kept: number; probeRollouts: number };
}

export interface CurriculumOptions {
  templates: readonly Template[];
  /** Problems of the static set (default: one per template). */
  staticSize?: number;
  seed: number;
  /** Archive capacity (default 400). */
  capacity?: number;
  /** Children tried per step (default 4). */
  childrenPerStep?: number;
  /** Sampling floor added to every weight (default 0.01). */
  floor?: number;
  /** Per-step decay of an estimate towards the prior (default 0.98: half-life about 35 steps). */
  decay?: number;
  /** Learnability assumed for a problem not measured lately (default 0.1). */
  prior?: number;
}

function asBatch(problem: Problem): BatchProblem {
  return { id: problem.id, text: problemText(problem), answer: problem.answer };
}

function staticSet(options: CurriculumOptions): BatchProblem[] {
  const size = options.staticSize ?? options.templates.length;
  return Array.from({ length: size }, (_, i) =>
    asBatch(instantiate(options.templates[i % options.templates.length]!, options.seed * 1000 + i)),
  );
}

function uniformDraw<T>(items: readonly T[], size: number, random: () => number): T[] {
  return Array.from({ length: size }, () => items[Math.floor(random() * items.length)]!);
}

interface Entry {
  problem: Problem;
  item: BatchProblem;
  learnability: number;
  measuredAt: number;
}

/** Draws `size` distinct entries with probability proportional to their weights. */
function weightedDraw(
  entries: readonly Entry[],
  weights: number[],
  size: number,
  random: () => number,
): Entry[] {
  const out: Entry[] = [];
  const w = [...weights];
  let total = w.reduce((a, b) => a + b, 0);
  for (let k = 0; k < Math.min(size, entries.length); k++) {
    let roll = random() * total;
    let index = w.length - 1;
    for (let i = 0; i < w.length; i++) {
      roll -= w[i]!;
      if (roll < 0) {
        index = i;
        break;
      }
    }
    out.push(entries[index]!);
    total -= w[index]!;
    w[index] = 0;
  }
  return out;
}

function learnabilityCurriculum(options: CurriculumOptions): Curriculum {
  const prior = options.prior ?? 0.1;
  const decay = options.decay ?? 0.98;
  const floor = options.floor ?? 0.01;
  const capacity = options.capacity ?? 400;
  const archive: Entry[] = staticSet(options).map((item, i) => ({
    problem: instantiate(options.templates[i % options.templates.length]!, options.seed * 1000 + i),
    item,
    learnability: prior,
    measuredAt: 0,
  }));
  const byId = new Map(archive.map((e) => [e.item.id, e]));
  let now = 0;
  let tried = 0;
  let kept = 0;
  let probeRollouts = 0;
  const weight = (e: Entry) => floor + prior + (e.learnability - prior) * decay ** (now - e.measuredAt);
  const insert = (entry: Entry) => {
    if (byId.has(entry.item.id)) return false;
    if (archive.length >= capacity) {
      // Replacement: the child takes the place of the member with the lowest current weight, if lower.
      let worst = 0;
      for (let i = 1; i < archive.length; i++) if (weight(archive[i]!) < weight(archive[worst]!)) worst = i;
      if (weight(archive[worst]!) >= entry.learnability) return false;
      byId.delete(archive[worst]!.item.id);
      archive[worst] = entry;
    } else archive.push(entry);
    byId.set(entry.item.id, entry);
    return true;
  };
  return {
    name: "learnability",
    batch(size, random) {
      return weightedDraw(archive, archive.map(weight), size, random).map((e) => e.item);
    },
    observe(batch, successes, group, step) {
      now = step;
      batch.forEach((item, i) => {
        const e = byId.get(item.id);
        if (!e) return;
        const p = successes[i]! / group;
        e.learnability = p * (1 - p);
        e.measuredAt = step;
      });
    },
    grow(step, random, probe, group) {
      now = step;
      const parents = weightedDraw(archive, archive.map(weight), options.childrenPerStep ?? 4, random);
      const children: Problem[] = [];
      for (const parent of parents) {
        const mutator = GRAMMAR_MUTATORS[Math.floor(random() * GRAMMAR_MUTATORS.length)]!;
        const child = mutateProblem(parent.problem, mutator, random);
        if (child) children.push(child);
      }
      tried += children.length;
      if (children.length === 0) return;
      const items = children.map(asBatch);
      const successes = probe(items);
      probeRollouts += items.length * group;
      items.forEach((item, i) => {
        const p = successes[i]! / group;
        if (p <= 0 || p >= 1) return;
        if (insert({ problem: children[i]!, item, learnability: p * (1 - p), measuredAt: step })) kept++;
      });
    },
    stats: () => ({ size: archive.length, tried, kept, probeRollouts }),
  };
}

export function createCurriculum(name: CurriculumName, options: CurriculumOptions): Curriculum {
  if (name === "learnability") return learnabilityCurriculum(options);
  const fixed = name === "static" ? staticSet(options) : [];
  let drawn = 0;
  return {
    name,
    batch(size, random) {
      if (name === "static") return uniformDraw(fixed, size, random);
      drawn += size;
      return Array.from({ length: size }, () => asBatch(randomProblem(options.templates, random)));
    },
    observe() {},
    grow() {},
    stats: () => ({ size: name === "static" ? fixed.length : drawn, tried: 0, kept: 0, probeRollouts: 0 }),
  };
}
