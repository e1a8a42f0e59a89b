/** Reads a program folder into the `files` map the sandbox takes. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { UserError } from "../sdk/errors.js";

const SKIP = new Set(["node_modules", ".git"]);

export function readProgramFolder(dir: string): Record<string, string> {
  let root: ReturnType<typeof statSync>;
  try {
    root = statSync(dir);
  } catch {
    throw new UserError(`no program folder at ${dir}: pass --agent DIR with task_agent.ts and meta_agent.ts`);
  }
  if (!root.isDirectory())
    throw new UserError(`${dir} is not a folder: pass the folder that holds task_agent.ts`);
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files[relative(dir, path).split(sep).join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  if (!files["task_agent.ts"]) {
    throw new UserError(
      `${dir} has no task_agent.ts: a hyperagent program needs task_agent.ts exporting solve(input, ctx)`,
    );
  }
  return files;
}
