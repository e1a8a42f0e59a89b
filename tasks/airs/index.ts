/**
 * AIRS-Bench in hyperagents: the bundled offline suite as tasks `airs/<name>`, and the pieces
 * users call directly (loading an official task folder, scoring a submission).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Split, Task } from "../task.js";
import type { AirsMetadata } from "./format.js";
import type { AirsTaskOptions } from "./task.js";

export type * from "./format.js";
export type { AirsAnswer, AirsTaskOptions } from "./task.js";

/** The folder holding one sub-folder per bundled task (beside this file, in the sources or dist/). */
export const AIRS_SUITE_DIR = join(dirname(fileURLToPath(import.meta.url)), "suite");

export interface AirsSuiteEntry {
  id: string;
  name: string;
  metadata: AirsMetadata;
}

/**
 * The task folders under `dir` (each with a metadata.json), ids `<prefix>/<name>`, read from their
 * metadata files only (no generator or TensorFlow.js is loaded). The research suite lists itself so too.
 */
export function readSuite(dir: string, prefix: string): AirsSuiteEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "metadata.json")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      id: `${prefix}/${name}`,
      name,
      metadata: JSON.parse(readFileSync(join(dir, name, "metadata.json"), "utf8")) as AirsMetadata,
    }));
}

/** The bundled suite, `airs/<name>`. */
export function airsSuite(): AirsSuiteEntry[] {
  return readSuite(AIRS_SUITE_DIR, "airs");
}

/**
 * Which split each bundled task is in: two tasks held out for test, two for validation (parents
 * are selected on val, and one val task gave evolution too little signal: most children tied on
 * it); the rest train. A task not listed here trains.
 */
export const AIRS_SUITE_SPLITS: Readonly<Record<string, Split>> = {
  "code-retrieval": "val",
  "sentence-similarity": "val",
  "graph-property": "test",
  "review-sentiment": "test",
};

export function suiteSplitOf(name: string): Split {
  return AIRS_SUITE_SPLITS[name] ?? "train";
}

/** Instances per split, from the metadata alone (for `hyperagents tasks`). */
export function airsSuiteSplitCounts(): Partial<Record<Split, number>> {
  const counts: Partial<Record<Split, number>> = {};
  const names = airsSuite().map(({ name }) => name);
  for (const split of ["train", "val", "test"] as const) {
    const count = names.filter((name) => suiteSplitOf(name) === split).length;
    if (count > 0) counts[split] = count;
  }
  return counts;
}

/** One bundled AIRS task as a Task (its data generated on first use). */
export async function loadAirsSuiteTask(name: string, options: AirsTaskOptions = {}): Promise<Task> {
  const [{ loadBundledAirsTask }, { airsTask }] = await Promise.all([
    import("./load-task.js"),
    import("./task.js"),
  ]);
  return airsTask(await loadBundledAirsTask(name), options);
}

/** The whole suite as one task, `airs`, whose splits hold out whole tasks. */
export async function loadAirsSuite(options: AirsTaskOptions = {}): Promise<Task> {
  return (await import("./suite-task.js")).airsSuiteTask(options);
}
