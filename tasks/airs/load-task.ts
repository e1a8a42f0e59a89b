/**
 * Loading an AIRS task folder, in either format: ours (`metadata.json`, `description.md`,
 * `generate.ts`, `evaluate.ts`: data generated from a seed) or the official one (`metadata.yaml`,
 * `project_description.md` and a data folder the user supplies). Both load into an AirsTask.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UserError } from "../../sdk/errors.js";
import type { AirsMetadata, AirsTask } from "./format.js";
import { AIRS_SUITE_DIR, airsSuite } from "./index.js";
import { materializeBundledTask } from "./materialize.js";
import { checkBundledMetadata, readOfficialMetadata } from "./metadata.js";
import { OFFICIAL_TASKS } from "./official-tasks.js";
import { bundledPrompt } from "./prompt.js";

/** Where the bundled suite lives (beside these files, in the sources or in dist/). */
export const BUNDLED_SUITE_DIR = AIRS_SUITE_DIR;

export type AirsTaskFormat = "bundled" | "official";

/** Which format a folder holds; undefined when it is neither. */
export function airsTaskFormat(taskDir: string): AirsTaskFormat | undefined {
  if (existsSync(join(taskDir, "metadata.json"))) return "bundled";
  if (existsSync(join(taskDir, "metadata.yaml"))) return "official";
  return undefined;
}

function readText(file: string, what: string): string {
  if (!existsSync(file)) throw new UserError(`${file} is missing: ${what}`);
  return readFileSync(file, "utf8");
}

function readBundledMetadata(taskDir: string): AirsMetadata {
  const file = join(taskDir, "metadata.json");
  let value: unknown;
  try {
    value = JSON.parse(readText(file, "the task's metadata"));
  } catch (error) {
    if (UserError.isInstance(error)) throw error;
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return checkBundledMetadata(file, value);
}

/**
 * The submission's header: an official task's from its evaluate.py; a bundled task's from
 * metadata.json's optional `submissionColumns`, else the scoring column alone.
 */
export function submissionColumns(task: AirsTask): readonly string[] {
  const official = OFFICIAL_TASKS[task.metadata.name];
  if (official !== undefined && existsSync(join(task.dir, "metadata.yaml")))
    return official.submissionColumns;
  return task.metadata.submissionColumns ?? [task.metadata.scoringColumn];
}

/**
 * The kit's modules as the prompt shows them: TypeScript sources, or the compiled JavaScript where
 * only that is shipped (declaration and test files left out).
 */
export function kitSources(kitDir: string): { file: string; source: string }[] {
  const names = readdirSync(kitDir).sort();
  const typescript = names.some((name) => /\.ts$/.test(name) && !name.endsWith(".d.ts"));
  return names
    .filter((name) => (typescript ? /\.ts$/ : /\.js$/).test(name))
    .filter((name) => !name.endsWith(".d.ts") && !/\.test\.[jt]s$/.test(name))
    .map((file) => ({ file, source: readFileSync(join(kitDir, file), "utf8") }));
}

/** evaluate.ts's text (the prompt quotes it); evaluate.js where only compiled code is shipped. */
export function evaluatorSource(taskDir: string): string {
  for (const name of ["evaluate.ts", "evaluate.js"]) {
    const file = join(taskDir, name);
    if (existsSync(file)) return readFileSync(file, "utf8");
  }
  throw new UserError(`${taskDir} has no evaluate.ts: a bundled task's prompt quotes its evaluator`);
}

const SPLITS = ["train", "validation", "test", "test_with_labels"] as const;

async function loadBundled(taskDir: string, id: string, dataDir: string | undefined): Promise<AirsTask> {
  const metadata = readBundledMetadata(taskDir);
  const description = readText(join(taskDir, "description.md"), "the task's description for the agent");
  const source = evaluatorSource(taskDir);
  const data = dataDir ?? (await materializeBundledTask(taskDir, metadata));
  const splits = SPLITS.filter(
    (split) => existsSync(join(data, `${split}.jsonl`)) || existsSync(join(data, split)),
  );
  const kitDir = join(taskDir, "kit");
  const task: AirsTask = {
    id,
    metadata,
    prompt: "",
    dir: taskDir,
    dataDir: data,
    ...(existsSync(kitDir) ? { kitDir } : {}),
  };
  task.prompt = bundledPrompt({
    kit: task.kitDir === undefined ? [] : kitSources(task.kitDir),
    description,
    metadata,
    splits,
    submissionColumns: submissionColumns(task),
    evaluatorSource: source,
  });
  return task;
}

function loadOfficial(taskDir: string, dataDir: string | undefined): AirsTask {
  const yamlFile = join(taskDir, "metadata.yaml");
  const metadata = readOfficialMetadata(yamlFile, readText(yamlFile, "the task's metadata"));
  const prompt = readText(join(taskDir, "project_description.md"), "the agent's prompt of an official task");
  const data = dataDir ?? join(taskDir, "data");
  if (!existsSync(data)) {
    throw new UserError(
      `no data folder for ${metadata.name}: pass --data DIR (a folder with train, test and test_with_labels splits)`,
    );
  }
  return { id: basename(taskDir), metadata, prompt, dir: taskDir, dataDir: data };
}

/**
 * Loads a task folder of either format. `dataDir` overrides where the splits are: an official
 * task's data folder (default `<taskDir>/data`); for a bundled task, a folder already holding its
 * generated splits (default: generated into the cache).
 */
export async function loadAirsTaskDir(taskDir: string, dataDir?: string): Promise<AirsTask> {
  const dir = resolve(taskDir);
  const data = dataDir === undefined ? undefined : resolve(dataDir);
  const format = airsTaskFormat(dir);
  if (format === "bundled") {
    const id = resolve(dirname(dir)) === resolve(BUNDLED_SUITE_DIR) ? `airs/${basename(dir)}` : basename(dir);
    return loadBundled(dir, id, data);
  }
  if (format === "official") return loadOfficial(dir, data);
  if (!existsSync(dir)) throw new UserError(`task folder ${dir} does not exist`);
  throw new UserError(
    `${dir} is not an AIRS task folder: it needs metadata.yaml + project_description.md (official) or metadata.json + description.md + generate.ts + evaluate.ts (bundled)`,
  );
}

/** The names of the bundled tasks (folders of tasks/airs/suite with a metadata.json). */
export function bundledAirsTaskNames(): string[] {
  return airsSuite().map(({ name }) => name);
}

/** One bundled task, `airs/<name>`, its data generated (once) into the cache. */
export async function loadBundledAirsTask(name: string): Promise<AirsTask> {
  const names = bundledAirsTaskNames();
  if (!names.includes(name)) {
    throw new UserError(`no bundled AIRS task "${name}"; the suite has: ${names.join(", ") || "(none)"}`);
  }
  return loadAirsTaskDir(join(BUNDLED_SUITE_DIR, name));
}
