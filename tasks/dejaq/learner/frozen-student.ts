/**
 * A fixed student built from the learning student: a policy trained for a set number of steps
 * on uniformly drawn problems of the offline grammar, then frozen. Its success rate on a problem
 * is estimated from a fixed number of sampled rollouts, seeded by the problem's text, so the same
 * problem always gets the same estimate: a deterministic judge of learnability.
 */
import { deriveSeed, seededRandom } from "../../../sdk/internal/random.js";
import { loadTensorFlow } from "../../../sdk/numeric/index.js";
import type { Template } from "../templates.js";
import { createCurriculum } from "./curricula.js";
import { createPolicy } from "./policy.js";
import { sampleSuccesses, trainStep } from "./rollout.js";

export interface FrozenStudentOptions {
  templates: readonly Template[];
  seed?: number;
  /** Training steps before freezing (default 120: part-way, so many problems are learnable). */
  steps?: number;
  /** Rollouts per success-rate estimate (default 32). */
  rollouts?: number;
}

export interface FrozenStudent {
  /** Estimated probability that the student answers this text with `answer`. */
  successRate(text: string, answer: number): number;
  dispose(): void;
}

export async function createFrozenStudent(options: FrozenStudentOptions): Promise<FrozenStudent> {
  const seed = options.seed ?? 0;
  const rollouts = options.rollouts ?? 32;
  const { tf } = await loadTensorFlow({ backend: "cpu" });
  const policy = createPolicy(tf, { seed });
  const curriculum = createCurriculum("uniform", { templates: options.templates, seed });
  const random = seededRandom(deriveSeed(seed, "frozen-student"));
  for (let step = 0; step < (options.steps ?? 120); step++)
    trainStep(policy, curriculum.batch(16, random), 8, random);
  return {
    successRate(text, answer) {
      const own = seededRandom(deriveSeed(seed, "probe", text));
      const [successes] = sampleSuccesses(policy, [{ text, answer }], rollouts, own).successes;
      return (successes ?? 0) / rollouts;
    },
    dispose: () => policy.dispose(),
  };
}
