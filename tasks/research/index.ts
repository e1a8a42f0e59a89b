/**
 * The research suite: tasks from the seed papers (mean-field games, environment design,
 * influence-guided data edits, hypernetwork policies, noise-induced divergence) in the AIRS task
 * format, one folder each under tasks/research/, id `research/<name>`. Each folder is a bundled
 * AIRS task with a kit (its environment, which solutions may import); this module lists them from
 * their metadata alone and loads one as an AirsTask or a hyperagents Task.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../../sdk/errors.js";
import type { AirsTask } from "../airs/format.js";
import { type AirsSuiteEntry, readSuite } from "../airs/index.js";
import type { AirsTaskOptions } from "../airs/task.js";
import type { Task } from "../task.js";

/** The folder holding one sub-folder per research task (beside this file, in the sources or dist/). */
export const RESEARCH_DIR = dirname(fileURLToPath(import.meta.url));

export type ResearchEntry = AirsSuiteEntry;

/** The research tasks, `research/<name>`, read from their metadata files only. */
export function researchSuite(): ResearchEntry[] {
  return readSuite(RESEARCH_DIR, "research");
}

/** One research task as an AirsTask (its data generated once into the cache). */
export async function loadResearchTask(name: string): Promise<AirsTask> {
  const names = researchSuite().map((entry) => entry.name);
  if (!names.includes(name)) {
    throw new UserError(
      `no research task "${name}"; the suite has: ${names.join(", ") || "(none)"} (see \`hyperagents tasks\`)`,
    );
  }
  const { loadAirsTaskDir } = await import("../airs/load-task.js");
  return { ...(await loadAirsTaskDir(join(RESEARCH_DIR, name))), id: `research/${name}` };
}

/** One research task as a hyperagents Task: the agent returns a solution script, as on AIRS. */
export async function loadResearchAsTask(name: string, options: AirsTaskOptions = {}): Promise<Task> {
  const [airs, { airsTask }] = await Promise.all([loadResearchTask(name), import("../airs/task.js")]);
  return airsTask(airs, options);
}
