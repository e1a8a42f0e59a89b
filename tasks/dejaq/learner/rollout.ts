/**
 * Rollouts of the learning student: sample an action per number, run the fold, reward 1 for the
 * exact answer. `trainStep` is one GRPO-like step: G rollouts per problem, advantage = reward −
 * the group's mean reward (so a problem the student always or never solves teaches nothing, which
 * is what learnability p(1 − p) measures), one policy-gradient update.
 */
import { isCorrect, runActions } from "./actions.js";
import type { LearnerProblem } from "./encode.js";
import type { Policy, PolicyUpdate } from "./policy.js";

export function sampleActions(probabilities: readonly (readonly number[])[], random: () => number): number[] {
  return probabilities.map((row) => {
    let roll = random();
    for (const [a, p] of row.entries()) {
      roll -= p;
      if (roll < 0) return a;
    }
    return row.length - 1;
  });
}

export function greedyActions(probabilities: readonly (readonly number[])[]): number[] {
  return probabilities.map((row) => row.reduce((best, p, a) => (p > row[best]! ? a : best), 0));
}

/** Greedy (argmax) correctness of each problem: the student's answer when it is evaluated. */
export function greedyCorrect(policy: Policy, problems: readonly LearnerProblem[]): boolean[] {
  const encoded = problems.map((p) => policy.encode(p.text));
  const probabilities = policy.probabilities(encoded);
  return problems.map((p, i) =>
    isCorrect(runActions(encoded[i]!.numbers, greedyActions(probabilities[i]!)), p.answer),
  );
}

export interface StepResult {
  /** Successes out of `group` rollouts, per problem. */
  successes: number[];
  group: number;
}

/** G sampled rollouts per problem, without learning (a success-rate estimate). */
export function sampleSuccesses(
  policy: Policy,
  problems: readonly LearnerProblem[],
  group: number,
  random: () => number,
): { successes: number[]; updates: PolicyUpdate[] } {
  const encoded = problems.map((p) => policy.encode(p.text));
  const probabilities = policy.probabilities(encoded);
  const successes: number[] = [];
  const updates: PolicyUpdate[] = [];
  for (const [i, problem] of problems.entries()) {
    const rollouts = Array.from({ length: group }, () => {
      const actions = sampleActions(probabilities[i]!, random);
      return { actions, reward: isCorrect(runActions(encoded[i]!.numbers, actions), problem.answer) ? 1 : 0 };
    });
    const mean = rollouts.reduce((sum, r) => sum + r.reward, 0) / group;
    successes.push(mean * group);
    for (const r of rollouts)
      updates.push({ encoded: encoded[i]!, actions: r.actions, advantage: r.reward - mean });
  }
  return { successes, updates };
}

/** One training step on the batch: G rollouts per problem, group-baseline advantages, one update. */
export function trainStep(
  policy: Policy,
  problems: readonly LearnerProblem[],
  group: number,
  random: () => number,
): StepResult {
  const { successes, updates } = sampleSuccesses(policy, problems, group, random);
  policy.update(updates);
  return { successes, group };
}
