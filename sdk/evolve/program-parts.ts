/**
 * Which files of a hyperagent program are its task agent's and which its meta agent's. The
 * contract: a part is its entry file and every program file the entry imports (directly or not)
 * that the other entry does not import. Files both import (shared helpers) and files only
 * imported for their types (erased when bundled) belong to neither part, so resetting one part
 * never changes the other.
 */
import { normaliseProgramPath, programFilesPlugin } from "../../sandbox/bundle.js";
import { UserError } from "../errors.js";
import { buildWithService } from "../internal/esbuild-service.js";

export const TASK_AGENT_ENTRY = "task_agent.ts";
export const META_AGENT_ENTRY = "meta_agent.ts";

/** The program files `entry` imports, itself included (import closure, as the bundler resolves it). */
export async function importClosure(files: Record<string, string>, entry: string): Promise<Set<string>> {
  const map = new Map(Object.entries(files).map(([path, text]) => [normaliseProgramPath(path), text]));
  if (!map.has(entry)) throw new UserError(`the program has no ${entry}: a hyperagent program needs one`);
  try {
    const result = await buildWithService({
      entryPoints: [`./${entry}`],
      bundle: true,
      write: false,
      metafile: true,
      platform: "neutral",
      logLevel: "silent",
      tsconfigRaw: {},
      plugins: [programFilesPlugin(map)],
    });
    return new Set(Object.keys(result.metafile.inputs).map((input) => input.replace(/^program:/, "")));
  } catch (error) {
    throw new UserError(
      `cannot tell which files ${entry} uses, because the program does not bundle: ${(error as Error).message.split("\n")[0]}`,
      { cause: error },
    );
  }
}

export interface ProgramParts {
  taskAgent: string[];
  metaAgent: string[];
  /** Imported by both entries. */
  shared: string[];
}

export async function programParts(files: Record<string, string>): Promise<ProgramParts> {
  const task = await importClosure(files, TASK_AGENT_ENTRY);
  const meta = await importClosure(files, META_AGENT_ENTRY);
  const sorted = (set: Iterable<string>) => [...set].sort();
  return {
    taskAgent: sorted([...task].filter((path) => !meta.has(path))),
    metaAgent: sorted([...meta].filter((path) => !task.has(path))),
    shared: sorted([...task].filter((path) => meta.has(path))),
  };
}

/**
 * `target` with one part replaced by `source`'s: the target's files of that part are removed,
 * and the source's files of that part are added (shared files stay the target's).
 */
export async function replacePart(
  target: Record<string, string>,
  source: Record<string, string>,
  part: "taskAgent" | "metaAgent",
): Promise<Record<string, string>> {
  const [mine, theirs] = await Promise.all([programParts(target), programParts(source)]);
  const out = { ...target };
  for (const path of mine[part]) delete out[path];
  for (const path of theirs[part]) out[path] = source[path] ?? "";
  return out;
}
