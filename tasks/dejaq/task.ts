/**
 * DéjàQ as an evolution domain: the task agent is a mutation strategy. Each instance hands it a
 * parent problem (text, formula, quantities) and a summary of the seed archive; it returns one
 * new problem. The host checks the child exactly (the program runs, meets its constraints, the
 * claimed answer is the executed one, a contextual mutation keeps the program, the text changed)
 * and scores the learnable mass it adds for a fixed student: 4 · p(1 − p), p = the student's
 * success rate on the child (1 at p = ½, 0 when always or never solved or invalid).
 * `eval --model` uses the model evaluation of eval.ts instead (accuracy on the four sets).
 */
import type {
  EvaluateContext,
  Evaluation,
  InstanceResult,
  JsonValue,
  Split,
  Task,
  TaskFigure,
  TaskInstance,
} from "../task.js";
import { dejaqModelEvaluation } from "./eval.js";
import { HELD_OUT_TEMPLATES, SEED_TEMPLATES } from "./eval-sets.js";
import { countSteps, type Problem, problemText, SETTINGS } from "./problem.js";
import { type ChildCheck, checkChild, parentInput, withTextDistractors } from "./task-child.js";
import { DEJAQ_INSTANCES } from "./task-splits.js";
import { instantiate, type Template } from "./templates.js";

export { DEJAQ_INSTANCES };

export const DEJAQ_DESCRIPTION = `DéjàQ mutation strategy: given a parent maths word problem, write a new problem that a fixed student solves about half the time.
Input (JSON): { "parent": { "setting", "body": [sentences], "question", "formula", "quantities": { name: number }, "answer", "steps" },
  "archive": { "size", "settings": { setting: count }, "steps": { steps: count } }, "settings": [setting ids] }
  formula is an arithmetic expression over the quantity names (+ - * / and brackets), e.g. "(a + b) * c"; the answer is its value.
Output (JSON): { "mutator": "distractor" | "setting" | "symbolic", "setting", "body": [sentences], "question", "formula", "quantities", "answer" }
  distractor: add irrelevant sentences (numbers the formula does not use); setting: retell the story in another setting. Both must keep formula and quantities unchanged.
  symbolic: new maths; restate formula and quantities so that the formula's value is "answer".
Validity (else score 0): the formula runs; every step and the answer are whole and positive (answer at most 100000); "answer" equals the formula's value;
  every quantity the formula uses appears as a number in the text; the question is not empty; the text differs from the parent's.
Score: 4 p (1 - p), where p is a fixed student's success rate on the new problem (1 when p = 1/2).`;

/** What the task asks of a fixed student: its success rate on a problem. */
export type StudentRate = (problem: Problem) => number | Promise<number>;

export interface DejaqTaskOptions {
  /** The fixed student. Default: the simulated student (`simulatedStudentRate`); `frozenLearnerRate` is the TF.js one. */
  student?: () => Promise<StudentRate>;
  /** Parents per split (default train 24, val 16, test 16). */
  instances?: Partial<Record<Split, number>>;
}

/** Parents: train and val from seed templates (different draws), test from held-out and seed templates. */
function parentFor(split: Split, i: number): Problem {
  const pool: readonly Template[] = split === "test" && i % 2 === 0 ? HELD_OUT_TEMPLATES : SEED_TEMPLATES;
  const offset = split === "train" ? 0 : split === "val" ? 17 : 31;
  const template = pool[(i * 7 + offset) % pool.length]!;
  const seed = { train: 1_000, val: 2_000, test: 3_000 }[split] + i;
  return instantiate(template, seed, SETTINGS[(i + offset) % SETTINGS.length]);
}

/** The seed archive's shape, as every instance shows it: size, problems per setting and per step count. */
function archiveSummary(): JsonValue {
  const seeds = SEED_TEMPLATES.map((t) => instantiate(t, 0));
  const settings: Record<string, number> = {};
  const steps: Record<string, number> = {};
  for (const p of seeds) {
    settings[p.setting] = (settings[p.setting] ?? 0) + 1;
    const k = String(countSteps(p.program.expr));
    steps[k] = (steps[k] ?? 0) + 1;
  }
  return { size: seeds.length, settings, steps };
}

/**
 * The default fixed student: the simulated one (student.ts) at its starting competences, its
 * exact success probability (per-skill logistic competences). A child a model wrote has no
 * recipe, so its distractors are counted from the text: numbers the program does not read.
 */
export async function simulatedStudentRate(): Promise<StudentRate> {
  const { simulatedStudent } = await import("./student.js");
  const student = simulatedStudent({ seed: 0 });
  return (problem) => student.successProbability(withTextDistractors(problem));
}

/** The real alternative: the learning student trained 120 steps and frozen (TF.js; p from 32 rollouts). */
export async function frozenLearnerRate(): Promise<StudentRate> {
  const { createFrozenStudent } = await import("./learner/frozen-student.js");
  const student = await createFrozenStudent({ templates: SEED_TEMPLATES });
  return (problem) => student.successRate(problemText(problem), problem.answer);
}

function figures(results: readonly InstanceResult[]): TaskFigure[] {
  if (results.length === 0) return [];
  const details = results.map((r) => (r.details ?? {}) as { valid?: boolean; mutator?: string; p?: number });
  const valid = details.filter((d) => d.valid === true);
  const out: TaskFigure[] = [
    { label: "valid children", value: valid.length / results.length, unit: `fraction of ${results.length}` },
    {
      label: "learnable mass",
      value: results.reduce((sum, r) => sum + r.score, 0) / results.length,
      unit: "mean 4·p(1−p) per child (invalid = 0)",
      headline: true,
    },
  ];
  for (const mutator of ["distractor", "setting", "symbolic"]) {
    const own = details.filter((d) => d.mutator === mutator);
    if (own.length > 0) {
      out.push({
        label: `${mutator} children`,
        value: own.length,
        unit: "count",
        extra: { valid: own.filter((d) => d.valid === true).length },
      });
    }
  }
  return out;
}

export function createDejaqTask(options: DejaqTaskOptions = {}): Task {
  const counts = { ...DEJAQ_INSTANCES, ...options.instances };
  let student: Promise<StudentRate> | undefined;
  const studentOnce = () => {
    student ??= (options.student ?? simulatedStudentRate)();
    return student;
  };
  const summary = archiveSummary();
  return {
    id: "dejaq",
    description: DEJAQ_DESCRIPTION,
    splits: ["train", "val", "test"],
    stageSize: 8,
    scaffolds: { model: "initial", offline: "dejaq-offline" },
    evaluateModel: dejaqModelEvaluation(),
    figures,
    async instances(split) {
      return Array.from({ length: counts[split] }, (_, i): TaskInstance => {
        const parent = parentFor(split, i);
        return {
          id: `${split}-${i}`,
          input: { parent: parentInput(parent), archive: summary, settings: [...SETTINGS] },
          hidden: { parent: JSON.parse(JSON.stringify(parent)) as JsonValue },
        };
      });
    },
    async evaluate(instance: TaskInstance, ctx: EvaluateContext): Promise<Evaluation> {
      const parent = (instance.hidden as unknown as { parent: Problem }).parent;
      const reply = await ctx.agent(instance.input);
      if (!reply.ok) return { score: 0, error: reply.error, details: { valid: false } };
      const check: ChildCheck = checkChild(parent, reply.value, instance.id);
      if (!check.ok)
        return { score: 0, error: check.reason, details: { valid: false, mutator: check.mutator ?? null } };
      const rate = await (await studentOnce())(check.child);
      const p = Math.min(1, Math.max(0, rate));
      return {
        score: 4 * p * (1 - p),
        details: {
          valid: true,
          mutator: check.mutator,
          p,
          steps: countSteps(check.child.program.expr),
          text: problemText(check.child),
          answer: check.child.answer,
        },
      };
    },
  };
}

/** The bundled task (id "dejaq"): the simulated student judges learnability. */
export const dejaqTask: Task = createDejaqTask();
