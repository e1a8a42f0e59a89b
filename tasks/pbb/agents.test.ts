/**
 * pbb through real agents: the executing oracle and the no-information agent in the real
 * sandbox (evaluateProgram), and the shipped initial agent calling a model through the real
 * `openai` client against the local server, with scripted correct, wrong and unparsable answers.
 */

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { solve as oracleSolve } from "../../agents/pbb-oracle/task_agent.js";
import type { TaskAgentContext } from "../../agents/pbb-oracle/types.js";
import { changedPaths, copyProgram, readProgram } from "../../agents/test/program-files.js";
import { evaluateProgram } from "../../evals/evaluate-program.js";
import { readProgramFolder } from "../../evals/read-program.js";
import { evaluateModels } from "../../evals/run-eval.js";
import { createSandbox } from "../../sandbox/index.js";
import { withMetaEntry } from "../../sdk/evolve/agents.js";
import { createModel } from "../../sdk/llm/create-model.js";
import { startOpenAIServer } from "../../sdk/testing/openai-server.js";
import type { StubServer } from "../../sdk/testing/stub-server.js";
import { pbbFigures } from "./figures.js";
import { pbbTask } from "./task.js";

const agentDir = (name: string) => fileURLToPath(new URL(`../../agents/${name}/`, import.meta.url));
const quietCtx = { log: () => {} } as unknown as TaskAgentContext;

type Hidden = { gold: unknown; condition: string; kind: string; programId: string };

describe("pbb reference agents", () => {
  it("the oracle answers every instance that shows a definition, code or English, in every split", async () => {
    for (const split of pbbTask.splits) {
      for (const instance of await pbbTask.instances(split)) {
        const hidden = instance.hidden as Hidden;
        if (hidden.condition.startsWith("demos/")) continue;
        expect(await oracleSolve(instance.input, quietCtx), instance.id).toEqual(hidden.gold);
      }
    }
  });

  it("in the real sandbox: the oracle scores 100% with a definition shown, the no-information agent near 0", async () => {
    const model = createModel("offline");
    const oracle = await evaluateProgram({
      files: readProgramFolder(agentDir("pbb-oracle")),
      task: pbbTask,
      split: "train",
      model,
    });
    expect(oracle.instances).toBe(112);
    expect(oracle.failures).toBe(0);
    const shown = oracle.results.filter((r) => !(r.details as Hidden).condition.startsWith("demos/"));
    expect(shown).toHaveLength(80);
    expect(shown.every((r) => r.score === 1)).toBe(true);
    const figures = pbbFigures(oracle.results);
    expect(figures.find((f) => f.label === "english/direct/source+64")?.value).toBe(1);
    const noInfo = await evaluateProgram({
      files: readProgramFolder(agentDir("pbb-no-info")),
      task: pbbTask,
      split: "train",
      model,
    });
    expect(noInfo.failures).toBe(0);
    expect(noInfo.mean).toBeLessThan(0.2);
    expect(noInfo.mean).toBeLessThan(oracle.mean);
  }, 120_000);
});

describe("pbb reference agents' meta agents", () => {
  it("run in the sandbox and leave their program unchanged", async () => {
    const sandbox = createSandbox();
    try {
      for (const name of ["pbb-oracle", "pbb-no-info"]) {
        const dir = await copyProgram(agentDir(name));
        try {
          const before = await readProgram(dir);
          const data = {
            nodeId: "c",
            parentId: "p",
            generation: 1,
            iterationsLeft: 3,
            tasks: [],
            evaluations: [],
            peers: [],
          };
          const result = await sandbox.run({
            files: withMetaEntry(before),
            entry: "__hyperagents_meta_entry.ts",
            export: "run",
            input: null,
            capabilities: { llm: createModel("offline"), files: { root: dir }, data },
            limits: { timeoutMs: 30_000 },
          });
          expect(result.ok && result.value, name).toMatch(/^no changes: /);
          expect(changedPaths(before, await readProgram(dir))).toEqual([]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    } finally {
      await sandbox.dispose();
    }
  }, 60_000);
});

describe("pbb through the model evaluation (what `eval --task pbb` runs)", () => {
  it("offline with the oracle: an eval log and the per-condition figures", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "pbb-eval-"));
    try {
      const files = readProgramFolder(agentDir("pbb-oracle"));
      const result = await evaluateModels({
        tasks: [pbbTask],
        models: [{ model: createModel("offline"), offline: true }],
        outDir,
        program: () => files,
        limit: 56,
      });
      const run = result.runs[0]!;
      expect(run.total).toBe(56);
      expect(readdirSync(outDir)).toContain("pbb.offline.eval.jsonl");
      const figure = (label: string) => run.figures.find((f) => f.label === label);
      expect(figure("code/cot/source")).toMatchObject({
        value: 1,
        headline: true,
        unit: "exact match, n = 2",
      });
      expect(figure("english/direct/source+64")?.value).toBe(1);
      expect(figure("one instruction ≈ k examples (cot)")?.extra).toHaveProperty("k=64");
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** The instance a request is about: the first JSON block of the initial agent's prompt. */
function askedInput(body: unknown): { question: string; condition: { mode: string } } {
  const content = (body as { messages: { content: string }[] }).messages[0]!.content;
  const block = /```json\n(.*?)\n```/s.exec(content);
  return JSON.parse(block?.[1] ?? "{}");
}

describe("pbb through the initial agent and a local OpenAI-compatible server", () => {
  let server: StubServer;

  beforeAll(async () => {
    const instances = await pbbTask.instances("train");
    const programs = [...new Set(instances.map((i) => (i.hidden as Hidden).programId))];
    const byQuestion = new Map<string, Hidden>();
    for (const i of instances) byQuestion.set((i.input as { question: string }).question, i.hidden as Hidden);
    // Scripted: the first program answered correctly, the second wrongly, the cipher correctly as
    // a string, the composition with no JSON at all.
    server = await startOpenAIServer((request) => {
      const hidden = byQuestion.get(askedInput(request.body).question);
      if (!hidden) return { text: "no such question" };
      const role = programs.indexOf(hidden.programId);
      if (role === 3) return { text: "I cannot tell what this returns." };
      const answer = role === 1 ? ((hidden.gold as number) + 1) % 100 : hidden.gold;
      return { text: `Tracing it step by step.\n\`\`\`json\n${JSON.stringify(answer)}\n\`\`\`` };
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("scores correct, wrong and unparsable answers per condition, the task description reaching the model", async () => {
    const model = createModel("openai:local-model", {
      apiKey: "sk-local-never-used",
      baseURL: server.baseURL,
      env: {},
    });
    const files = readProgramFolder(agentDir("initial"));
    const evaluation = await evaluateProgram({ files, task: pbbTask, split: "train", model });
    expect(evaluation.instances).toBe(112);
    expect(server.requests).toHaveLength(112);
    const first = JSON.stringify(server.requests[0]!.body);
    expect(first).toContain("Programming by Backprop");
    expect(first).toContain("Scored by exact match");
    const byProgram = new Map<string, number[]>();
    for (const result of evaluation.results) {
      const id = (result.details as { program: string }).program;
      byProgram.set(id, [...(byProgram.get(id) ?? []), result.score]);
    }
    const scores = [...byProgram.values()].map((s) => s.reduce((a, b) => a + b, 0) / s.length);
    expect(scores).toEqual([1, 0, 1, 0]);
    const unparsable = evaluation.results.filter((r) => r.error !== null);
    expect(unparsable).toHaveLength(28);
    expect(unparsable[0]!.error).toMatch(/agent failed: .*JSON/);
    const figures = pbbFigures(evaluation.results);
    const headline = figures.find((f) => f.headline)!;
    expect(headline).toMatchObject({ label: "code/cot/source", value: 0.5, unit: "exact match, n = 4" });
    expect(figures.filter((f) => f.unit?.startsWith("exact match"))).toHaveLength(28);
  }, 120_000);
});
