/**
 * The `pbb` task (Programming by Backprop, Track A): a model, called through the candidate's task
 * agent, executes a program it is shown (as code or English), or infers it from k input/output
 * demonstrations, on a new input. Exact match, reported per condition (figures).
 */
import { UserError } from "../../sdk/errors.js";
import type { EvaluateContext, Evaluation, Split, Task, TaskInstance, TaskScaffolds } from "../task.js";
import { pbbFigures } from "./figures.js";
import { buildInstances, type PbbHidden } from "./instances.js";
import { exactMatch } from "./score.js";

export const PBB_DESCRIPTION = [
  "Programming by Backprop: give the output of a program on a new input.",
  "Input (JSON): `question` names the program and the input; `input` is that input (a number 0-99 or a lowercase word);",
  "`program`, when present, lists the definitions (helper programs first, the asked program last) as JavaScript source",
  "or as an English description; `demonstrations`, when present, are input/output pairs of the asked program;",
  "`instructions` says whether to answer directly or to think step by step; `condition` records how the instance was posed",
  '(representation "code" | "english" | "none", mode "direct" | "cot", exposure "source" | "demos" | "source+demos", k demonstrations).',
  "Without a program, infer it from the demonstrations.",
  'Output: the program\'s output as a single JSON value: a number for number programs (e.g. 42), a string for word programs (e.g. "khoor").',
  "Scored by exact match.",
].join(" ");

/** Shipped programs (SHIPPED_AGENTS): the initial agent with a model, the executing oracle offline. */
export const PBB_SCAFFOLDS: TaskScaffolds = {
  model: "initial",
  offline: "pbb-oracle",
  oracle: "pbb-oracle",
  "no-info": "pbb-no-info",
};

function hiddenOf(instance: TaskInstance): PbbHidden {
  const hidden = instance.hidden as Partial<PbbHidden> | undefined;
  if (hidden?.gold === undefined || typeof hidden.condition !== "string") {
    throw new UserError(
      `pbb instance ${instance.id} has no gold output: evaluate instances from pbbTask.instances()`,
    );
  }
  return hidden as PbbHidden;
}

export function createPbbTask(): Task {
  const cache = new Map<Split, readonly TaskInstance[]>();
  return {
    id: "pbb",
    description: PBB_DESCRIPTION,
    splits: ["train", "val", "test"],
    scaffolds: PBB_SCAFFOLDS,
    async instances(split: Split): Promise<readonly TaskInstance[]> {
      let instances = cache.get(split);
      if (!instances) {
        instances = buildInstances(split);
        cache.set(split, instances);
      }
      return instances;
    },
    async evaluate(instance: TaskInstance, ctx: EvaluateContext): Promise<Evaluation> {
      const hidden = hiddenOf(instance);
      const details = {
        condition: hidden.condition,
        kind: hidden.kind,
        program: hidden.programId,
        gold: hidden.gold,
      };
      const reply = await ctx.agent(instance.input);
      if (!reply.ok) return { score: 0, details, error: reply.error };
      const match = exactMatch(reply.value, hidden.gold);
      const answer = JSON.stringify(reply.value ?? null).slice(0, 200);
      const scored = { ...details, answer, correct: match.correct };
      return match.error === undefined
        ? { score: match.correct ? 1 : 0, details: scored }
        : { score: 0, details: scored, error: match.error };
    },
    figures: pbbFigures,
  };
}

export const pbbTask: Task = createPbbTask();
