import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleProgram, createFileEditor, createSandbox } from "../../sandbox/index.js";
import type { Sandbox } from "../../sandbox/types.js";
import { withMetaEntry } from "../../sdk/evolve/agents.js";
import { createModel } from "../../sdk/llm/create-model.js";
import type { ChatRequest } from "../../sdk/llm/types.js";
import { startOpenAIServer } from "../../sdk/testing/openai-server.js";
import { scriptedModel } from "../../sdk/testing/scripted-model.js";
import { circlePackingTask, scorePacking } from "../../tasks/circle-packing/index.js";
import { extractJson } from "../initial/extract_json.js";
import { improve, summariseEvaluations } from "../initial/meta_agent.js";
import { solve } from "../initial/task_agent.js";
import type { ChatResponse, MetaData, ChatRequest as ProgramChatRequest } from "../initial/types.js";
import { changedPaths, copyProgram, INITIAL_DIR, readProgram } from "./program-files.js";

const taskData = { task: { id: circlePackingTask.id, description: circlePackingTask.description } };

/** The program's view of the model: the same shapes, narrowed to what crosses the sandbox. */
function asProgramLlm(model: { generate(r: ChatRequest): Promise<ChatResponse> }) {
  return { generate: (request: ProgramChatRequest) => model.generate(request as ChatRequest) };
}

function grid(n: number): number[][] {
  const side = Math.ceil(Math.sqrt(n));
  const r = 0.5 / side;
  return Array.from({ length: n }, (_, i) => [r + 2 * r * (i % side), r + 2 * r * Math.floor(i / side), r]);
}

describe("extractJson", () => {
  it("takes the last fenced block that parses", () => {
    const reply = 'Draft:\n```json\n{"a": 1}\n```\nFinal:\n```json\n{"a": 2}\n```\nDone.';
    expect(extractJson(reply)).toEqual({ ok: true, value: { a: 2 } });
  });

  it("skips a fenced block that does not parse and reads plain fences", () => {
    const reply = '```\n{"circles": [[0.5, 0.5, 0.5]]}\n```\n```json\n{oops}\n```';
    expect(extractJson(reply)).toEqual({ ok: true, value: { circles: [[0.5, 0.5, 0.5]] } });
  });

  it("finds the last top-level object in prose, braces inside strings included", () => {
    const reply = 'I considered {"x": 1} first. The answer is {"hints": ["a}b", "c", "d"]} as required.';
    expect(extractJson(reply)).toEqual({ ok: true, value: { hints: ["a}b", "c", "d"] } });
  });

  it("ignores reasoning sections and reads a bare JSON reply", () => {
    expect(extractJson('<think>maybe {"guess": [1,1,1]}</think>\n{"guess": [1, 2, 3]}')).toEqual({
      ok: true,
      value: { guess: [1, 2, 3] },
    });
    expect(extractJson("[4, 2, 1]")).toEqual({ ok: true, value: [4, 2, 1] });
  });

  it("reports replies without JSON", () => {
    for (const reply of ["", "I cannot do that.", "{ unbalanced"]) {
      const result = extractJson(reply);
      expect(result.ok).toBe(false);
    }
  });
});

describe("initial task agent", () => {
  it("sends the description and input, and returns the parsed answer", async () => {
    const circles = grid(26);
    const model = scriptedModel([{ text: `Here:\n\`\`\`json\n${JSON.stringify({ circles })}\n\`\`\`` }]);
    const value = await solve(
      { n: 26 },
      { data: taskData, llm: asProgramLlm(model), version: 1 as const, tools: {}, log: () => {} },
    );
    expect(scorePacking(value, 26).error).toBeUndefined();
    const sent = model.requests[0]!;
    const content = sent.messages[0]?.content as string;
    expect(content).toContain(circlePackingTask.description);
    expect(content).toContain('{"n":26}');
    expect(sent.temperature).toBe(0);
  });

  it("returns an error object, scored 0, when the model fails or gives no JSON", async () => {
    const failing = scriptedModel([new Error("HTTP 500")]);
    const failed = await solve(
      { n: 26 },
      { data: taskData, llm: asProgramLlm(failing), version: 1 as const, tools: {}, log: () => {} },
    );
    expect(failed).toMatchObject({ error: expect.stringContaining("HTTP 500") });
    expect(scorePacking(failed, 26).score).toBe(0);
    const chatty = scriptedModel([{ text: "I would place them in a grid." }]);
    const none = await solve(
      { n: 26 },
      { data: taskData, llm: asProgramLlm(chatty), version: 1 as const, tools: {}, log: () => {} },
    );
    expect(none).toMatchObject({ error: expect.stringContaining("no JSON") });
    expect(scorePacking(none, 26).score).toBe(0);
  });
});

describe("initial meta agent", () => {
  const data: MetaData = {
    nodeId: "n2",
    parentId: "n1",
    generation: 2,
    iterationsLeft: 8,
    tasks: [{ id: "circle-packing", description: "pack circles" }],
    evaluations: [
      {
        nodeId: "n1",
        taskId: "circle-packing",
        split: "train",
        score: 0,
        instances: [{ id: "train-n26", score: 0, error: "missing circles" }],
      },
    ],
    peers: [{ nodeId: "p1", score: 0.5, files: { "task_agent.ts": "export const peer = 1;" } }],
  };

  it("summarises the lineage compactly", () => {
    const text = summariseEvaluations(data.evaluations);
    expect(text).toContain("parent (this program), node n1");
    expect(text).toContain("train-n26: 0.0000 error: missing circles");
  });

  it("runs the tool loop: tool errors go back to the model, edits land, a plain answer stops it", async () => {
    const dir = await copyProgram(INITIAL_DIR);
    try {
      const before = await readProgram(dir);
      const call = (id: string, name: string, args: unknown) => ({
        toolCalls: [{ id, name, arguments: args }],
      });
      const model = scriptedModel([
        call("1", "view", { path: "task_agent.ts", start: 1, end: 3 }),
        call("2", "str_replace", { path: "task_agent.ts", old_str: "no such text", new_str: "x" }),
        call("3", "str_replace", {
          path: "task_agent.ts",
          old_str: "const MAX_TOKENS = 8192;",
          new_str: "const MAX_TOKENS = 4096;",
        }),
        call("4", "view_peer_file", { node_id: "p1", path: "task_agent.ts" }),
        { text: "Lowered the token cap." },
      ]);
      const summary = await improve({
        files: createFileEditor({ root: dir }),
        llm: asProgramLlm(model),
        version: 1 as const,
        tools: {},
        log: () => {},
        data,
      });
      expect(summary).toContain("1 edit(s) in 4 tool call(s)");
      const after = await readProgram(dir);
      expect(changedPaths(before, after)).toEqual(["task_agent.ts"]);
      expect(after["task_agent.ts"]).toContain("const MAX_TOKENS = 4096;");

      const first = model.requests[0]!;
      expect(first.temperature).toBe(0);
      expect(first.tools?.map((t) => t.name)).toEqual(
        expect.arrayContaining(["list", "view", "create", "str_replace", "insert", "undo"]),
      );
      expect(first.messages[0]?.content).toContain("8 improvement iterations left");
      expect(first.messages[0]?.content).toContain("missing circles");
      const third = model.requests[2]!;
      const toolResult = third.messages.at(-1);
      expect(toolResult).toMatchObject({ role: "tool", toolCallId: "2", isError: true });
      expect(toolResult?.content).toContain("not found");
      const fifth = model.requests[4]!;
      expect(fifth.messages.at(-1)?.content).toBe("export const peer = 1;");
      expect((await bundleProgram(after, "task_agent.ts")).ok).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("stops after 40 tool calls and answers every call of the last turn", async () => {
    const dir = await copyProgram(INITIAL_DIR);
    try {
      const model = scriptedModel(
        Array.from({ length: 30 }, (_, k) => ({
          toolCalls: [
            { id: `${k}a`, name: "list", arguments: {} },
            { id: `${k}b`, name: "list", arguments: {} },
          ],
        })),
      );
      const summary = await improve({
        files: createFileEditor({ root: dir }),
        llm: asProgramLlm(model),
        version: 1 as const,
        tools: {},
        log: () => {},
        data,
      });
      expect(summary).toContain("in 40 tool call(s)");
      expect(model.requests.length).toBe(20);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("surfaces a model failure before any tool call", async () => {
    const dir = await copyProgram(INITIAL_DIR);
    try {
      const model = scriptedModel([new Error("offline: no model")]);
      await expect(
        improve({
          files: createFileEditor({ root: dir }),
          llm: asProgramLlm(model),
          version: 1 as const,
          tools: {},
          log: () => {},
          data,
        }),
      ).rejects.toThrow("offline");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("initial program in the real sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = createSandbox();
  });
  afterAll(async () => {
    await sandbox.dispose();
  });

  it("bundles both entry points", async () => {
    const files = await readProgram(INITIAL_DIR);
    for (const entry of ["task_agent.ts", "meta_agent.ts"])
      expect((await bundleProgram(files, entry)).ok).toBe(true);
  });

  it("solves through the host's model and edits through the host's editor", async () => {
    const files = await readProgram(INITIAL_DIR);
    const circles = grid(26);
    const taskModel = scriptedModel([{ text: `\`\`\`json\n${JSON.stringify({ circles })}\n\`\`\`` }]);
    const solved = await sandbox.run({
      files,
      entry: "task_agent.ts",
      export: "solve",
      input: { n: 26 },
      capabilities: { llm: taskModel, data: taskData },
      limits: { timeoutMs: 20_000 },
    });
    expect(solved.ok, solved.ok ? "" : solved.message).toBe(true);
    if (solved.ok) expect(scorePacking(solved.value, 26).score).toBeGreaterThan(0.7);

    const dir = await copyProgram(INITIAL_DIR);
    try {
      const metaModel = scriptedModel([
        {
          toolCalls: [
            { id: "c1", name: "insert", arguments: { path: "README.md", line: 0, text: "<!-- edited -->" } },
          ],
        },
        { text: "done" },
      ]);
      const before = await readProgram(dir);
      const meta = await sandbox.run({
        files: withMetaEntry(before),
        entry: "__hyperagents_meta_entry.ts",
        export: "run",
        input: null,
        capabilities: { llm: metaModel, files: { root: dir }, data: { ...taskData, ...dataForSandbox() } },
        limits: { timeoutMs: 20_000 },
      });
      expect(meta.ok, meta.ok ? "" : meta.message).toBe(true);
      expect(changedPaths(before, await readProgram(dir))).toEqual(["README.md"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("initial meta agent with a real provider client", () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = createSandbox();
  });
  afterAll(async () => {
    await sandbox.dispose();
  });

  it("answers a tool call with malformed JSON arguments as a failed tool result and goes on", async () => {
    const edit = {
      path: "task_agent.ts",
      old_str: "const MAX_TOKENS = 8192;",
      new_str: "const MAX_TOKENS = 4096;",
    };
    const server = await startOpenAIServer([
      // The arguments are cut off: not valid JSON.
      { toolCalls: [{ id: "bad", name: "str_replace", arguments: JSON.stringify(edit).slice(0, -20) }] },
      { toolCalls: [{ id: "good", name: "str_replace", arguments: edit }] },
      { text: "Lowered the token cap." },
    ]);
    const dir = await copyProgram(INITIAL_DIR);
    try {
      const model = createModel("openai:gpt-4o-mini", {
        apiKey: "sk-test-0123456789",
        baseURL: server.baseURL,
        env: {},
      });
      const before = await readProgram(dir);
      const meta = await sandbox.run({
        files: withMetaEntry(before),
        entry: "__hyperagents_meta_entry.ts",
        export: "run",
        input: null,
        capabilities: { llm: model, files: { root: dir }, data: { ...taskData, ...dataForSandbox() } },
        limits: { timeoutMs: 30_000 },
      });
      expect(meta.ok, meta.ok ? "" : meta.message).toBe(true);
      if (meta.ok) expect(JSON.stringify(meta.value)).toContain("1 edit(s) in 2 tool call(s)");
      expect(server.requests).toHaveLength(3);
      type WireMessage = { role: string; content?: unknown; tool_call_id?: string; tool_calls?: unknown };
      const second = (server.requests[1]?.body as { messages: WireMessage[] } | undefined)?.messages ?? [];
      const answer = second.at(-1);
      expect(answer).toMatchObject({ role: "tool", tool_call_id: "bad" });
      expect(answer?.content).toMatch(
        /^Error: the arguments were not valid JSON: .+ — call the tool again with a JSON object\. You sent: \{"path"/,
      );
      // The malformed call is replayed with empty arguments, which every server accepts.
      expect(second.at(-2)?.tool_calls).toEqual([
        { id: "bad", type: "function", function: { name: "str_replace", arguments: "{}" } },
      ]);
      const after = await readProgram(dir);
      expect(changedPaths(before, after)).toEqual(["task_agent.ts"]);
      expect(after["task_agent.ts"]).toContain("const MAX_TOKENS = 4096;");
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function dataForSandbox(): MetaData {
  return {
    nodeId: "c",
    parentId: "p",
    generation: 1,
    iterationsLeft: 3,
    tasks: [],
    evaluations: [],
    peers: [],
  };
}
