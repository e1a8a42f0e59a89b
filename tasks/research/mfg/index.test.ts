import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../../../sandbox/solution/runtime.js";
import type { AirsScore, AirsTask, Row } from "../../airs/format.js";
import { scoreSubmission } from "../../airs/score.js";
import { solveInRunner } from "../../airs/suite/solve-in-runner.js";
import { loadResearchTask } from "../index.js";
import { evaluate, scoreGames } from "./evaluate.js";
import { gameIds, generate } from "./generate.js";
import { uniformPolicy } from "./kit/flow.js";
import { makeGame } from "./kit/games.js";
import { policyRows, SUBMISSION_COLUMNS } from "./kit/table.js";

const SMOKE = { env: { HYPERAGENTS_SMOKE: "1" }, timeLimitMs: 110_000 };

/** The uniform policy's rows for the test games of a seed, with probs as CSV would give them. */
function uniformRows(seed: number): Row[] {
  return gameIds(seed).test.flatMap((id) => {
    const game = makeGame(id);
    return policyRows(game, uniformPolicy(game)).map((row) => ({ ...row, probs: JSON.stringify(row.probs) }));
  });
}

describe("research/mfg", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;

  beforeAll(async () => {
    task = await loadResearchTask("mfg");
    work = await mkdtemp(join(tmpdir(), "research-mfg-"));
    // The naive run is light: both at once keep the file well under a minute on a loaded machine.
    const [naiveRun, referenceRun] = await Promise.all(
      ["naive", "reference"].map((name) => solveInRunner(task, `${name}.ts`, join(work, name), SMOKE)),
    );
    naive = naiveRun!.score;
    reference = referenceRun!.score;
  }, 240_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same games for a seed: both LQ sizes and three bar locations per beach-bar size", () => {
    const splits = generate(task.metadata.dataSeed ?? 3);
    expect(JSON.stringify(generate(task.metadata.dataSeed ?? 3))).toBe(JSON.stringify(splits));
    expect(gameIds(4).test).not.toEqual(gameIds(3).test);
    const { test, train } = gameIds(3);
    expect(test.filter((id) => id.startsWith("beach-bar-b"))).toHaveLength(3);
    expect(test.filter((id) => id.startsWith("beach-bar-lite-b"))).toHaveLength(3);
    expect(train.filter((id) => id.startsWith("beach-bar") && test.includes(id))).toEqual([]);
    expect(splits.test).toHaveLength(task.metadata.shape[0]);
    expect(splits.test.length).toBeLessThanOrEqual(50_000);
    splits.test.forEach((row, i) => {
      const { uniform_exploitability, ...inputs } = splits.testWithLabels[i]!;
      expect(row).toEqual(inputs);
      expect(uniform_exploitability).toBeGreaterThan(0);
    });
  });

  it("runs the naive (uniform) solution to the estimated worst score", () => {
    expect(naive.valid).toBe(true);
    expect(naive.score).toBeCloseTo(task.metadata.estimatedWorstScore, 6);
  });

  it("runs the reference (RSPG) through the runner at smoke size, better than naive", () => {
    expect(reference.valid).toBe(true);
    expect(reference.score).toBeLessThan(0.95 * (naive.score ?? 0));
    expect(task.metadata.sota[0]?.source).toBe("reference-solution");
  });

  it("scores each game on its own and averages the relative exploitabilities", () => {
    const { testWithLabels } = generate(3);
    const rows = uniformRows(3);
    const games = scoreGames(rows, testWithLabels);
    expect(games.map((g) => g.game)).toEqual(gameIds(3).test);
    for (const g of games) expect(g.relative).toBeCloseTo(1, 6);
    expect(evaluate(rows, testWithLabels).MeanRelativeExploitability).toBeCloseTo(1, 6);
  });

  it("marks invalid submissions invalid, with the reason", async () => {
    const rows = uniformRows(task.metadata.dataSeed ?? 3);
    const write = async (name: string, body: Row[], columns: readonly string[] = SUBMISSION_COLUMNS) => {
      const file = join(work, name);
      const lines = [columns.join(","), ...body.map((row) => columns.map((c) => csvCell(row[c])).join(","))];
      await writeFile(file, `${lines.join("\n")}\n`);
      return scoreSubmission(task, file);
    };
    const swapped = rows.map((row, i) => (i === 7 ? { ...row, probs: "[1,1]" } : row));
    expect(await write("short-probs.csv", swapped)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/row 8: probs must list 7/),
    });
    const duplicate = [...rows.slice(0, -1), rows[0]!];
    expect(await write("duplicate.csv", duplicate)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/appears twice/),
    });
    const unknown = rows.map((row, i) => (i === 0 ? { ...row, game: "beach-bar-b26" } : row));
    expect(await write("unknown-game.csv", unknown)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/not one of the test games/),
    });
  });
});
