import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { evolve } from "./evolve.js";
import { aborted, budgetSpent, firstStop, maxGenerations, type StopCondition, scoreReached } from "./stop.js";

const at = (nextGeneration: number, costUsd = 0, bestScore: number | null = null) => ({
  nextGeneration,
  costUsd,
  archiveSize: nextGeneration,
  bestScore,
});

describe("stop conditions", () => {
  it("are small predicates; the first that answers wins", () => {
    const controller = new AbortController();
    const conditions = [aborted(controller.signal), budgetSpent(1), maxGenerations(3), scoreReached(0.9)];
    expect(firstStop(conditions, at(2, 0.5, 0.5))).toBeUndefined();
    expect(firstStop(conditions, at(4))?.reason).toBe("done");
    expect(firstStop(conditions, at(2, 1.2))).toMatchObject({ reason: "budget" });
    expect(firstStop(conditions, at(2, 0, 0.95))).toMatchObject({ reason: "condition" });
    controller.abort();
    expect(firstStop(conditions, at(4, 5))).toMatchObject({ reason: "aborted" });
  });

  it("stopWhen ends a run early with the condition's message, checked before each generation", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-stop-"));
    const agentDir = writeToyProgram(join(root, "agent"));
    const seen: number[] = [];
    const afterTwo: StopCondition = (progress) => {
      seen.push(progress.nextGeneration);
      return progress.nextGeneration > 2
        ? { reason: "condition", message: "two generations are enough" }
        : undefined;
    };
    const summary = await evolve({
      runDir: join(root, "run"),
      tasks: [toyTask()],
      agentDir,
      generations: 10,
      children: 1,
      stopWhen: [afterTwo],
    });
    expect(summary.reason).toBe("condition");
    expect(summary.stopMessage).toBe("two generations are enough");
    expect(summary.archiveSize).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
  });
});
