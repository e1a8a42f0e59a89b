/**
 * The task tool an AIRS agent tries its code with: `ctx.tools.run_solution({ solution })` runs a
 * script in the solution runner on a held-out part of the *training* data and returns how it
 * went, with a validation score. The test split is never involved, so an agent can search over
 * solutions without ever seeing a test score.
 */
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { findTable, readTable } from "../../sandbox/solution/read-table.js";
import type { TaskTool } from "../../sandbox/types.js";
import { deriveSeed, seededRandom, shuffled } from "../../sdk/internal/random.js";
import type { JsonValue } from "../task.js";
import type { AirsTask, Row } from "./format.js";
import { airsCacheRoot } from "./materialize.js";
import { type AirsTaskOptions, readAnswer, runAndScore } from "./run-and-score.js";

/** Share of the training rows held out for the validation score. */
const HOLDOUT_FRACTION = 0.2;
/** Wall-clock limit of one tool run unless the task's options say otherwise (5 minutes). */
const TOOL_TIME_LIMIT_MS = 5 * 60_000;

const toJsonl = (rows: readonly Row[]) =>
  rows.map((row) => JSON.stringify(row)).join("\n") + (rows.length ? "\n" : "");

/**
 * The held-out view of a task's data: 80 % of train as `train`, the other 20 % as `test` (its
 * scoring column removed) and `test_with_labels`; validation as it is. Undefined when the training
 * rows lack the scoring column (nothing to validate against).
 */
export async function buildHoldout(airs: AirsTask, root: string): Promise<AirsTask | undefined> {
  const column = airs.metadata.scoringColumn;
  const train = await readTable(airs.dataDir, "train");
  if (train.length < 5 || !train.every((row) => column in row)) return undefined;
  const rows = shuffled(train, seededRandom(deriveSeed(0, airs.id, "holdout")));
  const cut = Math.max(1, Math.round(rows.length * HOLDOUT_FRACTION));
  const held = rows.slice(0, cut);
  const dir = join(root, "holdout-data");
  // Built once per task data (a cache), written aside and renamed so concurrent runs agree.
  if (!existsSync(dir)) {
    const staging = `${dir}.${process.pid}.${Date.now()}`;
    await mkdir(staging, { recursive: true });
    const withoutLabel = held.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([key]) => key !== column)),
    );
    await writeFile(join(staging, "train.jsonl"), toJsonl(rows.slice(cut)));
    await writeFile(join(staging, "test.jsonl"), toJsonl(withoutLabel));
    await writeFile(join(staging, "test_with_labels.jsonl"), toJsonl(held));
    try {
      await writeFile(
        join(staging, "validation.jsonl"),
        toJsonl(await readTable(airs.dataDir, "validation")),
      );
    } catch {
      // No validation split: the holdout is the only check.
    }
    // Another run may have renamed its copy first: keep that one.
    await rename(staging, dir).catch(() => rm(staging, { recursive: true, force: true }));
  }
  return {
    ...airs,
    dataDir: dir,
    metadata: { ...airs.metadata, shape: [held.length, airs.metadata.shape[1]] },
  };
}

/**
 * Where a task's holdout is cached: under the user's cache folder, keyed by the task, its data
 * folder and the training split's size and time (a changed data folder gets a new holdout).
 */
export function holdoutRoot(airs: AirsTask): string {
  const table = findTable(airs.dataDir, "train");
  const stamp =
    table === undefined ? "" : (({ size, mtimeMs }) => `${size}:${mtimeMs}`)(statSync(table.path));
  const key = createHash("sha256")
    .update(`${airs.id}\0${resolve(airs.dataDir)}\0${stamp}`)
    .digest("hex");
  return join(airsCacheRoot(), "holdout", key.slice(0, 16));
}

/** The tools an AIRS agent gets for one instance. */
export function solutionTools(airs: AirsTask, options: AirsTaskOptions): Record<string, TaskTool> {
  let holdout: Promise<AirsTask | undefined> | undefined;
  const runSolutionTool: TaskTool = {
    description:
      "Runs a solution script on a held-out 20% of the training data (never the test set): returns its exit " +
      "code, output tail, whether submission.csv is valid, and the validation score on the held-out rows.",
    parameters: {
      type: "object",
      properties: {
        solution: { type: "string", description: "the script's full TypeScript source" },
        filename: { type: "string", description: "solution.ts (default) or solution.js" },
      },
      required: ["solution"],
    },
    async run(args: JsonValue, signal: AbortSignal): Promise<JsonValue> {
      const answer = readAnswer(args);
      if ("error" in answer) throw new Error(answer.error);
      holdout ??= buildHoldout(airs, holdoutRoot(airs));
      const view = await holdout;
      const result = await runAndScore(view ?? airs, answer, {
        ...options,
        timeLimitMs: options.toolTimeLimitMs ?? TOOL_TIME_LIMIT_MS,
        signal,
      });
      return {
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        wallMs: result.wallMs,
        outputTail: result.outputTail.slice(-4000),
        submissionValid: result.valid,
        // Without a holdout the run used the real test inputs, so no score is returned.
        validationScore: view === undefined ? null : result.score,
        metric: airs.metadata.metric,
        lowerIsBetter: airs.metadata.lowerIsBetter,
        ...(result.reason === undefined ? {} : { reason: result.reason }),
      };
    },
  };
  return { run_solution: runSolutionTool };
}
