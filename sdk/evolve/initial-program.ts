/**
 * The program a run starts from: a folder (`--agent`, or a shipped agent), optionally with its
 * task agent or meta agent reset to a shipped one (DGM-H's transfer experiments) and with a
 * default `select_parent.ts` added for editable selection.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readProgramFolder } from "../../evals/read-program.js";
import { UserError } from "../errors.js";
import { DEFAULT_SELECT_PARENT, SELECT_PARENT_FILE } from "./editable-selection.js";
import { replacePart } from "./program-parts.js";

export interface InitialProgramOptions {
  agentDir: string;
  /** Replace the task agent (task_agent.ts and every file only it imports) with this folder's. */
  resetTaskAgentFrom?: string;
  /** Replace the meta agent (meta_agent.ts and every file only it imports) with this folder's. */
  resetMetaAgentFrom?: string;
  editableSelection?: boolean;
}

/** Returns the folder to commit as `initial`: agentDir itself, or a prepared copy. */
export async function prepareInitialProgram(options: InitialProgramOptions): Promise<string> {
  for (const file of ["task_agent.ts", "meta_agent.ts"]) {
    if (!existsSync(join(options.agentDir, file))) {
      throw new UserError(
        `${options.agentDir} is not a hyperagent program: it needs task_agent.ts (export solve) and meta_agent.ts (export improve); ${file} is missing`,
      );
    }
  }
  const needsSelect =
    options.editableSelection === true && !existsSync(join(options.agentDir, SELECT_PARENT_FILE));
  if (!options.resetTaskAgentFrom && !options.resetMetaAgentFrom && !needsSelect) return options.agentDir;
  let files = readProgramFolder(options.agentDir);
  // A reset replaces the whole part (its entry and every file only it imports), not one file.
  if (options.resetTaskAgentFrom)
    files = await replacePart(files, readProgramFolder(options.resetTaskAgentFrom), "taskAgent");
  if (options.resetMetaAgentFrom)
    files = await replacePart(files, readProgramFolder(options.resetMetaAgentFrom), "metaAgent");
  if (needsSelect) files[SELECT_PARENT_FILE] = DEFAULT_SELECT_PARENT;
  const copy = mkdtempSync(join(tmpdir(), "hyperagents-initial-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    writeFileSync(join(copy, path), content);
  }
  return copy;
}
