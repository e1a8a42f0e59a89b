import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openRunStore } from "../store/run-store.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { evolve } from "./evolve.js";

describe("a run stopped by its budget", () => {
  it("records the best node's test split as not run, never as a score of 0 from refused calls", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-budget-test-"));
    const agentDir = writeToyProgram(join(root, "agent"), { value: 9 });
    // The task agent pays for one model call per instance; without it the answer is worthless.
    writeFileSync(
      join(agentDir, "task_agent.ts"),
      `import { VALUE } from "./params.js";
export async function solve(_input: unknown, ctx: any) {
  const reply = await ctx.llm.generate({ messages: [{ role: "user", content: "go" }] });
  return { value: VALUE + Number(reply.text) };
}
`,
    );
    const model = scriptedModel(
      Array.from({ length: 400 }, () => ({
        text: "0",
        costUsd: 0.01,
        usage: { inputTokens: 5, outputTokens: 1 },
      })),
    );
    const summary = await evolve({
      runDir: join(root, "run"),
      tasks: [toyTask()],
      agentDir,
      model,
      metaModel: "offline",
      generations: 50,
      children: 1,
      budgetUsd: 0.1,
    });
    expect(summary.reason).toBe("budget");
    expect(summary.testNotRun).toMatch(/budget/);
    expect(summary.testScores).toEqual({});
    const store = openRunStore(join(root, "run", "run.sqlite"), { readonly: true });
    expect(store.scores().filter((s) => s.split === "test")).toEqual([]);
    store.close();
  }, 60_000);
});
