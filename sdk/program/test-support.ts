// Shared helpers for this folder's tests (real git in temp dirs; nothing is faked).
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { devNull, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { openProgramStore } from "./store.js";
import type { ProgramStore, ProgramStoreOptions } from "./types.js";

export const INITIAL_FILES: Record<string, string> = {
  "README.md": "# toy hyperagent\n",
  "task_agent.ts": "export function solve(input: string) {\n  return input.toUpperCase();\n}\n",
  "meta_agent.ts": "export async function improve() {\n  return;\n}\n",
  "lib/util.ts": "export const twice = (x: number) => 2 * x;\n",
  "domains/eval.ts": "export const threshold = 0.5;\n",
};

export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

export interface Fixture {
  dir: string;
  store: ProgramStore;
  cleanup(): Promise<void>;
}

/** A temp run directory with program.git initialised from INITIAL_FILES (plus `extra`). */
export async function makeFixture(
  options: Partial<ProgramStoreOptions> = {},
  extra: Record<string, string | Buffer> = {},
): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), "hyperagents-program-"));
  await writeTree(join(dir, "seed"), { ...INITIAL_FILES, ...extra });
  const store = await openProgramStore({ gitDir: join(dir, "program.git"), ...options });
  await store.init(join(dir, "seed"));
  return { dir, store, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Plain git against the run's repository, as a user inspecting it would run it. */
export function plainGit(gitDir: string, args: string[]): string {
  return execFileSync("git", [`--git-dir=${gitDir}`, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...withoutGitVariables(), GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: devNull },
  });
}

function withoutGitVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("GIT_")));
}
