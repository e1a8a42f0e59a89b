import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createOpenAIModel } from "../llm/openai.js";
import { openRunStore } from "../store/run-store.js";
import { startOpenAIServer } from "../testing/index.js";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { evolve } from "./evolve.js";

/** A toy task agent that asks its model for the value: the first model call is in the initial evaluation. */
const ASKING_TASK_AGENT = `import { VALUE } from "./params.js";
export async function solve(_input: unknown, ctx: any) {
  const reply = await ctx.llm.generate({ messages: [{ role: "user", content: "a number" }] });
  return { value: VALUE + Number(reply.text) };
}
`;

describe("a run stopped during the initial evaluation", () => {
  it("resumes: the initial node is kept and evaluated again (the documented recovery from a bad key)", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-resume-initial-"));
    const agentDir = writeToyProgram(join(root, "agent"));
    writeFileSync(join(agentDir, "task_agent.ts"), ASKING_TASK_AGENT);
    const runDir = join(root, "run");
    const rejecting = await startOpenAIServer(() => ({
      error: { status: 401, message: "Incorrect API key" },
    }));
    const model = (baseURL: string, apiKey: string) =>
      createOpenAIModel({ model: "gpt-4o-mini", apiKey, baseURL, env: {} });
    try {
      await expect(
        evolve({
          runDir,
          tasks: [toyTask()],
          agentDir,
          model: model(rejecting.baseURL, "sk-wrong"),
          metaModel: "offline",
          generations: 1,
          children: 1,
        }),
      ).rejects.toThrow(/API key[\s\S]*stopped during the initial evaluation[\s\S]*--resume /);
    } finally {
      await rejecting.close();
    }
    const answering = await startOpenAIServer(() => ({ text: "9" }));
    try {
      const summary = await evolve({
        runDir,
        resume: true,
        tasks: [toyTask()],
        model: model(answering.baseURL, "sk-right"),
        metaModel: "offline",
      });
      expect(summary.reason).toBe("done");
      const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
      const initial = store.node("initial");
      expect(initial?.status).toBe("valid");
      // VALUE 0 + the model's 9 hits the target-9 instance exactly.
      expect(initial?.score).toBeGreaterThan(0.25);
      expect(store.nodes().map((n) => n.id)).toEqual(["initial", "g1c0"]);
      store.close();
    } finally {
      await answering.close();
    }
  }, 60_000);
});
