/**
 * Test support for the bundled tasks' own tests: runs one of a task's solution scripts through the
 * real solution runner on the wasm backend (the one each metadata.json was measured on) and scores
 * what it wrote. Research tasks pass `env: { HYPERAGENTS_SMOKE: "1" }` for their smoke size.
 */
import { join } from "node:path";
import { runSolution, type SolutionRunResult } from "../../../sandbox/solution/run-solution.js";
import type { AirsScore, AirsTask } from "../format.js";
import { scoreSubmission } from "../score.js";

export async function solveInRunner(
  task: AirsTask,
  script: string,
  workDir: string,
  options: { env?: Readonly<Record<string, string>>; timeLimitMs?: number } = {},
): Promise<{ run: SolutionRunResult; score: AirsScore }> {
  const run = await runSolution({
    solution: { path: join(task.dir, script) },
    workDir,
    dataDir: task.dataDir,
    ...(task.kitDir === undefined ? {} : { kitDir: task.kitDir }),
    timeLimitMs: options.timeLimitMs ?? 90_000,
    backend: "wasm",
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  if (run.submissionPath === null)
    throw new Error(`${script} wrote no submission: ${run.error ?? run.stderrTail}`);
  return { run, score: await scoreSubmission(task, run.submissionPath) };
}
