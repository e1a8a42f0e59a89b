/**
 * Running an agent's solution script and scoring what it wrote: the step the AIRS task's
 * evaluator and its `run_solution` tool share.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSolution } from "../../sandbox/solution/run-solution.js";
import type { AirsScore, AirsTask } from "./format.js";
import { scoreSubmission } from "./score.js";

export interface AirsTaskOptions {
  /** Wall-clock limit of the final solution run (default 10 minutes). */
  timeLimitMs?: number;
  /** Heap limit of a solution run, MB (default 2048). */
  heapMb?: number;
  /** Wall-clock limit of one `run_solution` tool call (default 5 minutes). */
  toolTimeLimitMs?: number;
}

/** What the agent returns: the script's text, or `{ solution, filename? }`. */
export interface AirsAnswer {
  solution: string;
  /** `solution.ts` (default) or `solution.js`. */
  filename?: string;
}

const DEFAULT_TIME_LIMIT_MS = 10 * 60_000;

/** The agent's reply as a solution script, or why it is not one. */
export function readAnswer(value: unknown): AirsAnswer | { error: string } {
  if (typeof value === "string" && value.trim() !== "") return { solution: value };
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const record = value as { solution?: unknown; filename?: unknown; error?: unknown };
    if (typeof record.solution === "string" && record.solution.trim() !== "") {
      const filename = typeof record.filename === "string" ? record.filename : undefined;
      if (filename !== undefined && !/^[\w-]+\.(ts|js|mjs|mts)$/.test(filename)) {
        return { error: `filename "${filename}" must be a plain name ending in .ts, .js, .mjs or .mts` };
      }
      return filename === undefined ? { solution: record.solution } : { solution: record.solution, filename };
    }
    if (typeof record.error === "string") return { error: record.error };
  }
  return { error: 'the agent returned no solution: return the script\'s text, or {"solution": "..."}' };
}

/** Runs `answer` in a fresh work folder and scores what it wrote. */
export async function runAndScore(
  airs: AirsTask,
  answer: AirsAnswer,
  options: AirsTaskOptions & { seed?: number; signal?: AbortSignal },
): Promise<AirsScore & { wallMs: number; exitCode: number | null; timedOut: boolean; outputTail: string }> {
  const workDir = await mkdtemp(join(tmpdir(), "hyperagents-airs-"));
  try {
    const run = await runSolution({
      solution: { source: answer.solution, filename: answer.filename ?? "solution.ts" },
      workDir,
      dataDir: airs.dataDir,
      ...(airs.kitDir === undefined ? {} : { kitDir: airs.kitDir }),
      timeLimitMs: options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
      ...(options.heapMb === undefined ? {} : { heapMb: options.heapMb }),
      ...(options.seed === undefined ? {} : { env: { HYPERAGENTS_SEED: String(options.seed) } }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const scored = await scoreSubmission(airs, join(workDir, "submission.csv"));
    const outputTail = [run.stdoutTail, run.stderrTail].filter((text) => text !== "").join("\n");
    const failed = run.timedOut
      ? `the solution ran past its ${Math.round((options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS) / 1000)} s limit`
      : run.exitCode !== 0
        ? `the solution exited with ${run.signal ?? `code ${run.exitCode}`}`
        : undefined;
    const result =
      !scored.valid && failed !== undefined ? { ...scored, reason: `${failed}; ${scored.reason}` } : scored;
    return { ...result, wallMs: run.wallMs, exitCode: run.exitCode, timedOut: run.timedOut, outputTail };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
