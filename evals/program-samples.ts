/**
 * The model evaluation of a task that has no `evaluateModel` of its own: a program (the shipped
 * agent for the model, or `--agent DIR`) runs on each instance of a split, once per seed, with
 * the model behind its `ctx.llm`.
 */
import type { Limits, Sandbox } from "../sandbox/types.js";
import { deriveSeed } from "../sdk/internal/random.js";
import { createLimiter } from "../sdk/llm/index.js";
import type {
  AgentReply,
  JsonValue,
  ModelEvaluation,
  ScoredModelSample,
  Split,
  Task,
  TaskInstance,
} from "../tasks/task.js";
import { programAgent } from "./evaluate-instances.js";

export interface ProgramSamplesOptions {
  files: Record<string, string>;
  task: Task;
  sandbox: Sandbox;
  split: Split;
  /** Added to each sample's seed (`--seed`). */
  baseSeed?: number;
  limits?: Partial<Limits>;
}

export const DEFAULT_PROGRAM_LIMITS: Limits = {
  timeoutMs: 60_000,
  memoryMb: 256,
  maxToolCalls: 50,
};

/** The split `eval` uses when none is given: test where the task has one. */
export function defaultSplit(task: Task): Split {
  return task.splits.includes("test") ? "test" : (task.splits[0] ?? "train");
}

export function programSamples(options: ProgramSamplesOptions): ModelEvaluation {
  const { task, split, files } = options;
  const limits = { ...DEFAULT_PROGRAM_LIMITS, ...task.agentLimits, ...options.limits };
  const byId = new Map<string, TaskInstance>();
  const limiter = createLimiter(Number.MAX_SAFE_INTEGER);
  return {
    summarise(samples) {
      // The task's own figures (circle packing: each n's ratio and raw sum of radii), from each
      // instance's first seed, so an instance is one figure however many seeds ran.
      const first = new Map<string, ScoredModelSample>();
      for (const sample of samples) {
        const seen = first.get(sample.instance);
        if (seen === undefined || sample.seed < seen.seed) first.set(sample.instance, sample);
      }
      const figures =
        task.figures?.(
          [...first.values()].map((sample) => ({
            instanceId: sample.instance,
            score: sample.score,
            details: sample.details,
          })),
        ) ?? [];
      return { figures };
    },
    async samples(request) {
      const all = await task.instances(split);
      const instances = request.limit === undefined ? all : all.slice(0, request.limit);
      const seeds = request.seeds ?? 1;
      const base = options.baseSeed ?? 0;
      for (const instance of instances) byId.set(instance.id, instance);
      return instances.flatMap((instance) =>
        Array.from({ length: seeds }, (_, k) => ({
          split,
          instance: instance.id,
          seed: base + k,
          input: instance.input,
        })),
      );
    },
    async run(sample, ctx) {
      const instance = byId.get(sample.instance);
      if (instance === undefined) throw new Error(`no instance ${sample.instance} in ${task.id} ${split}`);
      // The same derivation as an evolution run's evaluation, so seed 0 scores what evolve scores.
      const seed = deriveSeed(sample.seed, task.id, split, instance.id);
      const agent = programAgent(
        files,
        task,
        { sandbox: options.sandbox, limiter, taskModel: ctx.model, limits, seed: sample.seed },
        seed,
        task.tools?.(instance),
      );
      const replies: AgentReply[] = [];
      const evaluation = await task.evaluate(instance, {
        agent: async (input) => {
          const reply = await agent(input);
          replies.push(reply);
          return reply;
        },
        seed,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      return {
        score: evaluation.score,
        answer: answerOf(replies.at(-1)),
        ...(evaluation.details ? { details: evaluation.details } : {}),
        ...(evaluation.error ? { error: evaluation.error } : {}),
      };
    },
  };
}

/** What an eval log records as a sample's answer: the task agent's last reply. */
export function answerOf(last: AgentReply | undefined): JsonValue {
  return last === undefined ? null : last.ok ? toJson(last.value) : { error: last.error };
}

/** A program's return value as JSON (it crossed the sandbox as structured clone). */
function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return String(value);
  }
}
