/**
 * The program a run starts from: a folder (`--agent`, or a shipped agent), optionally with its
 * task agent or meta agent reset to a shipped one (DGM-H's transfer experiments) and with a
 * default `select_parent.ts` added for editable selection.
 */
import { cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { DEFAULT_SELECT_PARENT, SELECT_PARENT_FILE } from "./editable-selection.js";

export interface InitialProgramOptions {
  agentDir: string;
  /** Replace task_agent.ts with the one of this shipped program folder. */
  resetTaskAgentFrom?: string;
  /** Replace meta_agent.ts with the one of this shipped program folder. */
  resetMetaAgentFrom?: string;
  editableSelection?: boolean;
}

/** Returns the folder to commit as `initial`: agentDir itself, or a prepared copy. */
export function prepareInitialProgram(options: InitialProgramOptions): string {
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
  const copy = mkdtempSync(join(tmpdir(), "hyperagents-initial-"));
  cpSync(options.agentDir, copy, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|\.git)$/.test(source),
  });
  if (options.resetTaskAgentFrom)
    cpSync(join(options.resetTaskAgentFrom, "task_agent.ts"), join(copy, "task_agent.ts"));
  if (options.resetMetaAgentFrom)
    cpSync(join(options.resetMetaAgentFrom, "meta_agent.ts"), join(copy, "meta_agent.ts"));
  if (needsSelect) writeFileSync(join(copy, SELECT_PARENT_FILE), DEFAULT_SELECT_PARENT);
  return copy;
}
