/**
 * Students: who attempts the archive's problems. Either any `ChatModel` (its reply parsed to a
 * number and compared with the executed answer), or a simulated student for offline runs.
 *
 * The simulated student is a SIMULATION, not a model of language models: each skill (the four
 * operators, ignoring a distractor, chaining two problems) has a competence c on the logit
 * scale; a problem succeeds when every step it needs succeeds, each independently with
 * probability σ(c_skill). It learns only from problems it sometimes solves: each skill a problem
 * uses moves up by `rate · p̂(1 − p̂) · 4` (the GRPO intuition: a group of all-right or all-wrong
 * rollouts carries no advantage). What it shows is how the loop behaves, not what a model learns.
 */
import { deriveSeed, seededRandom } from "../../sdk/internal/random.js";
import type { ChatModel } from "../../sdk/llm/types.js";
import { opsUsed, type Problem, problemText } from "./problem.js";

export interface Attempt {
  correct: boolean;
  /** The number the student gave, or null when none could be read. */
  given: number | null;
  /** What it wrote (chat students) or a note (simulated). */
  raw: string;
}

export interface Student {
  readonly id: string;
  /** G independent attempts at one problem. */
  attempt(problem: Problem, attempts: number, seed: number): Promise<Attempt[]>;
  /** Called after each step with the batch's results; only the simulated student learns here. */
  learn?(results: readonly { problem: Problem; successes: number; attempts: number }[]): void;
  /** State to persist for resume (simulated only). */
  snapshot?(): unknown;
}

export const STUDENT_INSTRUCTION =
  "Solve the maths word problem. Think step by step, then end with a last line of the form 'Answer: <number>'.";

/** The prompt a student (and an RL trainer's policy) sees for a problem. */
export function studentPrompt(problem: Problem): string {
  return `${STUDENT_INSTRUCTION}\n\n${problemText(problem)}`;
}

/**
 * The number a reply gives: after the last "Answer:" (or "####", GSM8K's mark), else the last
 * number in the text. Commas and a leading $ are ignored; null when there is none.
 */
export function parseAnswer(text: string): number | null {
  const marked = [...text.matchAll(/(?:answer\s*(?:is)?\s*[:=]?|####)\s*\$?\s*(-?[\d,]*\.?\d+)/gi)];
  const pick = marked.length > 0 ? marked[marked.length - 1]?.[1] : text.match(/-?[\d,]*\.?\d+/g)?.pop();
  if (pick === undefined) return null;
  const value = Number(pick.replace(/,/g, ""));
  return Number.isFinite(value) ? value : null;
}

export function chatStudent(
  model: ChatModel,
  options: { temperature?: number; maxTokens?: number } = {},
): Student {
  return {
    id: model.id,
    async attempt(problem, attempts) {
      const replies = await Promise.all(
        Array.from({ length: attempts }, () =>
          model.generate({
            messages: [{ role: "user", content: studentPrompt(problem) }],
            temperature: options.temperature ?? 1,
            maxTokens: options.maxTokens ?? 512,
            metadata: { role: "dejaq-student", problem: problem.id },
          }),
        ),
      );
      return replies.map((reply) => {
        const given = parseAnswer(reply.text);
        return { correct: given !== null && Math.abs(given - problem.answer) < 1e-9, given, raw: reply.text };
      });
    },
  };
}

export type Skill = "+" | "-" | "*" | "/" | "distractor" | "compose";
export const SKILLS: readonly Skill[] = ["+", "-", "*", "/", "distractor", "compose"];

/** Starting competences (logits): strong at adding, weak at dividing, easily distracted. */
export const DEFAULT_COMPETENCE: Record<Skill, number> = {
  "+": 2.5,
  "-": 1.8,
  "*": 0.6,
  "/": -0.6,
  distractor: 0.5,
  compose: 0,
};

/** The skills a problem needs, one per step, distractor and composition. */
export function skillsOf(problem: Problem): Skill[] {
  const skills: Skill[] = opsUsed(problem.program.expr);
  const distractors = problem.recipe ? problem.recipe.distractors.length : 0;
  for (let i = 0; i < distractors; i++) skills.push("distractor");
  if (problem.recipe?.composedWith) skills.push("compose");
  return skills;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface SimulatedStudent extends Student {
  competence: Record<Skill, number>;
  /** The true success probability of a problem (what attempts sample from). */
  successProbability(problem: Problem): number;
  learn(results: readonly { problem: Problem; successes: number; attempts: number }[]): void;
  snapshot(): Record<Skill, number>;
}

export function simulatedStudent(
  options: { seed?: number; rate?: number; competence?: Partial<Record<Skill, number>> } = {},
): SimulatedStudent {
  const competence: Record<Skill, number> = { ...DEFAULT_COMPETENCE, ...options.competence };
  const rate = options.rate ?? 0.01;
  const seed = options.seed ?? 0;
  const successProbability = (problem: Problem) =>
    skillsOf(problem).reduce((p, skill) => p * sigmoid(competence[skill]), 1);
  return {
    id: "simulated",
    competence,
    successProbability,
    async attempt(problem, attempts, attemptSeed) {
      const random = seededRandom(deriveSeed(seed, attemptSeed, problem.id));
      const p = successProbability(problem);
      return Array.from({ length: attempts }, () => {
        const correct = random() < p;
        return { correct, given: correct ? problem.answer : null, raw: `simulated p=${p.toFixed(3)}` };
      });
    },
    learn(results) {
      for (const { problem, successes, attempts } of results) {
        if (attempts === 0) continue;
        const p = successes / attempts;
        const gain = rate * 4 * p * (1 - p);
        for (const skill of new Set(skillsOf(problem))) competence[skill] += gain;
      }
    },
    snapshot: () => ({ ...competence }),
  };
}
