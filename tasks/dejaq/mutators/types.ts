/**
 * The mutator contract. A mutator turns a parent problem into a candidate, or returns null when
 * it does not apply (e.g. an offline setting swap of a problem a model wrote). Contextual kinds
 * (setting, distractor) must keep the program; the symbolic kind writes new maths.
 */
import type { Problem } from "../problem.js";

export type MutationKind = "setting" | "distractor" | "symbolic";
export const MUTATION_KINDS: readonly MutationKind[] = ["setting", "distractor", "symbolic"];

export interface MutateContext {
  /** The candidate's id (the loop makes it unique). */
  id: string;
  /** Seeded randomness for this mutation. */
  random: () => number;
  /** A few lines about the archive (cells, learnability), for a teacher model. */
  summary: string;
  signal?: AbortSignal;
}

export interface Mutator {
  /** e.g. "offline-setting", "teacher-symbolic". */
  readonly name: string;
  readonly kind: MutationKind;
  mutate(parent: Problem, ctx: MutateContext): Promise<Problem | null>;
}
