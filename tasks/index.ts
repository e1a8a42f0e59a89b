/**
 * The bundled tasks. Entries load lazily so that listing tasks, or running one, never pulls in
 * another task's dependencies (Decrypto's TensorFlow.js, for example).
 */
import { UserError } from "../sdk/errors.js";
import { airsSuite, airsSuiteSplitCounts, loadAirsSuite, loadAirsSuiteTask } from "./airs/index.js";
import { CIRCLE_PACKING_SPLITS } from "./circle-packing/splits.js";
import { DECRYPTO_INSTANCES } from "./decrypto/splits.js";
import { DEJAQ_INSTANCES } from "./dejaq/task-splits.js";
import { PBB_SPLIT_COUNTS } from "./pbb/instances.js";
import { loadResearchAsTask, researchSuite } from "./research/index.js";
import type { Split, Task } from "./task.js";

export type * from "./task.js";

export interface TaskEntry {
  id: string;
  summary: string;
  /**
   * Instances per split, in the task's order, known without loading it (`hyperagents tasks`
   * lists them without TensorFlow.js or the embeddings); tasks/index.test.ts checks them
   * against the loaded task.
   */
  splits: Readonly<Partial<Record<Split, number>>>;
  load: () => Promise<Task>;
  /**
   * A suite's own tasks (`airs`: every `airs/<name>`). `eval --task airs` evaluates each member
   * (one log per task), while `evolve --task airs` runs on the suite, whose splits hold out tasks.
   */
  members?: readonly string[];
}

export const bundledTasks: readonly TaskEntry[] = [
  {
    id: "circle-packing",
    summary: "pack n circles in the unit square, maximising the sum of radii (n = 26, 32; test n = 27-30)",
    splits: {
      train: CIRCLE_PACKING_SPLITS.train.length,
      val: CIRCLE_PACKING_SPLITS.val.length,
      test: CIRCLE_PACKING_SPLITS.test.length,
    },
    load: async () => (await import("./circle-packing/index.js")).circlePackingTask,
  },
  {
    id: "decrypto",
    summary: "the Decrypto word game: encode and decode secret codes against an interceptor",
    splits: DECRYPTO_INSTANCES,
    load: async () => (await import("./decrypto/index.js")).decryptoTask,
  },
  {
    id: "dejaq",
    summary:
      "DéjàQ: write maths word problems a fixed student solves half the time (eval: accuracy on seed, perturbed and held-out problems, CVaR)",
    splits: DEJAQ_INSTANCES,
    load: async () => (await import("./dejaq/task.js")).dejaqTask,
  },
  {
    id: "pbb",
    summary:
      "Programming by Backprop: run a program shown as code or English, or inferred from k examples, on a new input (exact match per condition)",
    splits: PBB_SPLIT_COUNTS,
    load: async () => (await import("./pbb/index.js")).pbbTask,
  },
  {
    id: "airs",
    summary:
      "AIRS-Bench (offline suite): every bundled airs/<name> task, whole tasks held out for val and test",
    splits: airsSuiteSplitCounts(),
    load: () => loadAirsSuite(),
    members: airsSuite().map(({ id }) => id),
  },
  ...airsSuite().map(
    ({ id, name, metadata }): TaskEntry => ({
      id,
      summary: `AIRS-Bench (offline): ${metadata.researchProblem} [${metadata.metric}, ${metadata.lowerIsBetter ? "lower" : "higher"} is better]`,
      splits: { test: 1 },
      load: () => loadAirsSuiteTask(name),
    }),
  ),
  ...researchSuite().map(
    ({ id, name, metadata }): TaskEntry => ({
      id,
      summary: `research (AIRS format): ${metadata.researchProblem} [${metadata.metric}, ${metadata.lowerIsBetter ? "lower" : "higher"} is better]`,
      splits: { test: 1 },
      load: () => loadResearchAsTask(name),
    }),
  ),
];

export async function loadTask(id: string, custom: readonly Task[] = []): Promise<Task> {
  const own = custom.find((task) => task.id === id);
  if (own) return own;
  const entry = bundledTasks.find((task) => task.id === id);
  if (!entry) {
    const known = [...custom.map((task) => task.id), ...bundledTasks.map((task) => task.id)];
    throw new UserError(`unknown task "${id}": use one of ${known.join(", ")} (see \`hyperagents tasks\`)`);
  }
  return entry.load();
}

/** The ids a model evaluation runs for `ids`: a suite's members in its place, each id once. */
export function expandSuites(ids: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const members = bundledTasks.find((task) => task.id === id)?.members;
    for (const member of members ?? [id]) if (!out.includes(member)) out.push(member);
  }
  return out;
}

/** Resolves task ids (duplicates refused) against the custom tasks first, then the bundled ones. */
export async function resolveTasks(ids: readonly string[], custom: readonly Task[] = []): Promise<Task[]> {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new UserError(`task "${id}" is given twice: list each task once`);
    seen.add(id);
  }
  return Promise.all(ids.map((id) => loadTask(id, custom)));
}
