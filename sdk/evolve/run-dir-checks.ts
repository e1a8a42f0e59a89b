/**
 * What a run directory must hold before a process writes to it again. Each refusal is the
 * user's to act on: it names what is missing or damaged, and what can still be read.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { checkRunStore, openRunStore } from "../store/run-store.js";
import type { RunConfig } from "./run-config.js";

/** The reason a run's start failed (its initial program was rejected), or undefined. */
export function startFailure(runDir: string): string | undefined {
  const file = join(runDir, "run.sqlite");
  if (!existsSync(file)) return undefined;
  let store: ReturnType<typeof openRunStore> | undefined;
  try {
    store = openRunStore(file, { readonly: true });
    const initial = store.node("initial");
    if (initial?.status !== "invalid") return undefined;
    return initial.rejectReason ?? `rejected at ${initial.rejectStage ?? "start"}`;
  } catch {
    // A store that cannot be read is reported by checkResumable, with what can be recovered.
    return undefined;
  } finally {
    store?.close();
  }
}

/** The run's start failed: nothing was evolved, and resuming would fail the same way. */
export function failedStartError(runDir: string, reason: string): UserError {
  return new UserError(
    `the run in ${runDir} never started: its initial program was rejected (${reason}). ` +
      `Nothing was evolved and --resume cannot fix it: fix the program, then start over with another --out, or remove ${runDir} first`,
  );
}

/** Refuses to resume a run whose record is missing or damaged, or whose start failed. */
export function checkResumable(runDir: string): void {
  const file = join(runDir, "run.sqlite");
  if (!existsSync(file)) {
    throw new UserError(
      `${file} is missing: it held the run's nodes, scores and costs, and resuming would start that record over empty. ` +
        `Restore the file if you have a copy; the programs are still in program.git (\`hyperagents export ${runDir} NODE_ID --out DIR\`, then start a new run with --agent DIR)`,
    );
  }
  checkRunStore(file);
  const failed = startFailure(runDir);
  if (failed !== undefined) throw failedStartError(runDir, failed);
  checkProgramRepository(runDir);
}

/**
 * Whether every node's program in program.git can be read (refs, commits, trees and the blobs
 * they name). Run before writing to it again: a child built on a torn object would fail later.
 */
export function checkProgramRepository(runDir: string): void {
  const gitDir = join(runDir, "program.git");
  const recover = `its record is whole: \`hyperagents report ${runDir}\` still works, and \`hyperagents export ${runDir} NODE_ID --out DIR\` copies out any node whose program is readable`;
  if (!existsSync(gitDir)) {
    throw new UserError(
      `${gitDir} is missing: the run's programs were in it, so it cannot continue; ${recover}`,
    );
  }
  try {
    execFileSync(
      "git",
      ["--git-dir", gitDir, "fsck", "--connectivity-only", "--no-progress", "--no-dangling"],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" },
      },
    );
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    const detail = stderr.split("\n").find((line) => line.trim() !== "") ?? (error as Error).message;
    throw new UserError(`${gitDir} is damaged (${detail.trim()}): the run cannot continue; ${recover}`, {
      cause: error,
    });
  }
}

/** Whether every configured generation is recorded as done. */
export function runFinished(runDir: string, config: Pick<RunConfig, "generations">): boolean {
  const file = join(runDir, "run.sqlite");
  if (!existsSync(file)) return false;
  const store = openRunStore(file, { readonly: true });
  try {
    return store.generationStatus(config.generations) === "done";
  } finally {
    store.close();
  }
}
