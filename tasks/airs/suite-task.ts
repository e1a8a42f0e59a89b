/**
 * The whole bundled suite as one task, `airs`: each instance is one AIRS task, and the splits hold
 * out whole tasks, so a scaffold evolved on the train tasks is judged on research problems it has
 * never seen (DGM-H's staged evaluation samples train tasks first).
 */
import type {
  EvaluateContext,
  Evaluation,
  InstanceResult,
  Split,
  Task,
  TaskFigure,
  TaskInstance,
} from "../task.js";
import type { AirsTask } from "./format.js";
import { airsSuite, suiteSplitOf } from "./index.js";
import type { AirsTaskOptions } from "./run-and-score.js";
import { AIRS_AGENT_LIMITS, AIRS_SCAFFOLDS, airsFigures, airsInput, evaluateAirsAgent } from "./task.js";
import { solutionTools } from "./tools.js";

export function airsSuiteTask(options: AirsTaskOptions = {}): Task {
  const suite = airsSuite();
  const loaded = new Map<string, Promise<AirsTask>>();
  const load = (name: string): Promise<AirsTask> => {
    let task = loaded.get(name);
    if (task === undefined) {
      task = import("./load-task.js").then(({ loadBundledAirsTask }) => loadBundledAirsTask(name));
      loaded.set(name, task);
    }
    return task;
  };
  const splits = (["train", "val", "test"] as const).filter((split) =>
    suite.some(({ name }) => suiteSplitOf(name) === split),
  );
  return {
    id: "airs",
    description:
      "AIRS-Bench (offline suite): each instance is one machine-learning research task. The input's `prompt` " +
      "says what to predict, how the data is laid out and how submissions are scored; return " +
      '{"solution": "<TypeScript source>"}, a script that reads ./data and writes ./submission.csv.',
    splits,
    stageSize: 2,
    scaffolds: AIRS_SCAFFOLDS,
    agentLimits: AIRS_AGENT_LIMITS,
    async instances(split: Split): Promise<readonly TaskInstance[]> {
      const names = suite.filter(({ name }) => suiteSplitOf(name) === split).map(({ name }) => name);
      return Promise.all(names.map(async (name) => ({ id: name, input: airsInput(await load(name)) })));
    },
    async evaluate(instance: TaskInstance, ctx: EvaluateContext): Promise<Evaluation> {
      return evaluateAirsAgent(await load(instance.id), ctx, options);
    },
    // Tools are handed out synchronously; the task's data is loaded on the tool's first call.
    tools(instance: TaskInstance) {
      const pending = load(instance.id).then((airs) => solutionTools(airs, options));
      return {
        run_solution: {
          description:
            "Runs a solution script on a held-out 20% of this task's training data (never the test set).",
          async run(args, signal) {
            const tool = (await pending).run_solution;
            if (tool === undefined) throw new Error("run_solution is not available for this task");
            return tool.run(args, signal);
          },
        },
      };
    },
    figures(results: readonly InstanceResult[]): TaskFigure[] {
      const perTask = results.flatMap((result) => {
        const entry = suite.find(({ name }) => name === result.instanceId);
        const figure = entry === undefined ? undefined : airsFigures(entry.metadata, [result])[0];
        return figure === undefined ? [] : [{ ...figure, label: result.instanceId, headline: false }];
      });
      const mean = perTask.reduce((sum, figure) => sum + figure.value, 0) / Math.max(1, perTask.length);
      const valid = results.filter(
        (result) => (result.details as { valid?: boolean } | null)?.valid === true,
      );
      const overall: TaskFigure = {
        label: "mean normalised score",
        value: mean,
        unit: "log-normalised per task: 0 = naive baseline, 1 = reference solution",
        extra: { tasks: results.length, "valid-submission rate": valid.length / Math.max(1, results.length) },
        headline: true,
      };
      return results.length === 0 ? [] : [overall, ...perTask];
    },
  };
}
