import { describe, expect, it } from "vitest";
import { ModelOutputError } from "../errors.js";
import { startOpenAIServer } from "../testing/openai-server.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { createModel } from "./create-model.js";
import { extractJsonObject, parseLooseJson } from "./loose-json.js";
import { parseTextToolCall, withTextTools } from "./text-tools.js";
import type { ToolSpec } from "./types.js";

const tools: ToolSpec[] = [
  {
    name: "view",
    description: "Read a file",
    parameters: { type: "object", properties: { path: { type: "string" } } },
  },
  { name: "edit", parameters: { type: "object" } },
];

describe("parseLooseJson / extractJsonObject", () => {
  it("repairs single quotes, trailing commas and Python literals without touching string contents", () => {
    expect(parseLooseJson("{'a': 'it\\'s', 'b': [1, 2,], 'c': True, 'd': None}")).toEqual({
      ok: true,
      value: { a: "it's", b: [1, 2], c: true, d: null },
    });
    expect(parseLooseJson(`{"quote": "say 'True', None"}`)).toEqual({
      ok: true,
      value: { quote: "say 'True', None" },
    });
    expect(parseLooseJson(`{'q': 'a "quoted" word'}`)).toEqual({ ok: true, value: { q: 'a "quoted" word' } });
    expect(parseLooseJson('{"a": ').ok).toBe(false);
  });

  it("finds the object in fences or prose, braces inside strings included", () => {
    expect(extractJsonObject('Sure!\n```json\n{"a": "}"}\n```\nDone.')).toBe('{"a": "}"}');
    expect(extractJsonObject('I will call it: {"tool": "view", "arguments": {}} and then stop.')).toBe(
      '{"tool": "view", "arguments": {}}',
    );
    expect(extractJsonObject("no json here")).toBeUndefined();
  });
});

describe("parseTextToolCall", () => {
  it("reads a fenced call and keeps the prose before it", () => {
    const call = parseTextToolCall(
      'Let me look.\n```json\n{"tool": "view", "arguments": {"path": "a.ts"}}\n```',
      tools,
    );
    expect(call).toEqual({ name: "view", arguments: { path: "a.ts" }, prose: "Let me look." });
  });

  it("tolerates trailing prose, single quotes and other key spellings", () => {
    expect(
      parseTextToolCall("{'name': 'view', 'args': {'path': 'b.ts'}} -- that's my call", tools),
    ).toMatchObject({
      name: "view",
      arguments: { path: "b.ts" },
    });
    expect(
      parseTextToolCall('{"function": {"name": "edit", "arguments": "{\\"x\\": 1}"}}', tools),
    ).toMatchObject({
      name: "edit",
      arguments: { x: 1 },
    });
  });

  it("treats a reply without a call as a plain answer", () => {
    expect(parseTextToolCall("The answer is 42.", tools)).toBeUndefined();
    expect(parseTextToolCall('The config is {"depth": 3}.', tools)).toBeUndefined();
  });

  it("returns a broken call to a known tool with its parse error, for the model to correct", () => {
    const broken = 'Reading.\n```json\n{"tool": "view", "arguments": {"path": \n```';
    const call = parseTextToolCall(broken, tools);
    expect(call).toMatchObject({ name: "view", arguments: {}, prose: "Reading." });
    expect(call?.argumentsError).toMatch(/JSON/);
    expect(call?.rawArguments).toBe('{"tool": "view", "arguments": {"path":');
    const inner = parseTextToolCall('{"tool": "edit", "arguments": "{\\"x\\": "}', tools);
    expect(inner).toMatchObject({ name: "edit", arguments: {}, rawArguments: '{"x": ' });
    expect(parseTextToolCall('{"tool": "edit", "arguments": [1]}', tools)).toMatchObject({
      argumentsError: "expected a JSON object, got an array",
    });
  });

  it("throws ModelOutputError with the raw text for a call it cannot name, or an unknown tool", () => {
    const broken = '```json\n{"tool": view, "arguments": {"path": \n```';
    const error = (() => {
      try {
        parseTextToolCall(broken, tools);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ModelOutputError);
    expect((error as ModelOutputError).raw).toBe(broken);
    expect(() => parseTextToolCall('{"tool": "rm_rf", "arguments": {}}', tools)).toThrow(
      /unknown tool "rm_rf"/,
    );
  });
});

describe("withTextTools", () => {
  it("describes tools in the system prompt and returns parsed tool calls", async () => {
    const inner = scriptedModel([
      { text: '```json\n{"tool": "view", "arguments": {"path": "x"}}\n```' },
      { text: "Done." },
    ]);
    const model = withTextTools(inner);
    const first = await model.generate({
      system: "You edit code.",
      messages: [{ role: "user", content: "go" }],
      tools,
    });
    expect(first.finishReason).toBe("tool_calls");
    expect(first.toolCalls).toEqual([{ id: "call_text_1", name: "view", arguments: { path: "x" } }]);
    const sent = inner.requests[0];
    expect(sent?.tools).toBeUndefined();
    expect(sent?.system).toContain("You edit code.");
    expect(sent?.system).toContain("- view: Read a file");

    const second = await model.generate({
      messages: [
        { role: "user", content: "go" },
        { role: "assistant", content: "", toolCalls: first.toolCalls },
        { role: "tool", toolCallId: "call_text_1", name: "view", content: "file body" },
      ],
      tools,
    });
    expect(second).toMatchObject({ text: "Done.", toolCalls: [], finishReason: "stop" });
    const history = inner.requests[1]?.messages ?? [];
    expect(history.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(history[1]?.content).toContain('"tool":"view"');
    expect(history[2]?.content).toContain("file body");
  });

  it("carries a broken call's parse error on the tool call", async () => {
    const model = withTextTools(scriptedModel([{ text: '{"tool": "view", "arguments": {"path": "x",, }' }]));
    const response = await model.generate({ messages: [{ role: "user", content: "go" }], tools });
    expect(response.finishReason).toBe("tool_calls");
    expect(response.toolCalls[0]).toMatchObject({ id: "call_text_1", name: "view", arguments: {} });
    expect(response.toolCalls[0]?.argumentsError).toMatch(/JSON/);
    expect(response.toolCalls[0]?.rawArguments).toContain('"path": "x",,');
  });

  it("insists on a call when the tool choice requires one", async () => {
    const model = withTextTools(scriptedModel([{ text: "no tools for me" }]));
    await expect(
      model.generate({ messages: [{ role: "user", content: "go" }], tools, toolChoice: "required" }),
    ).rejects.toBeInstanceOf(ModelOutputError);
  });

  it("is selectable per model: createModel(..., { toolProtocol: 'text' }) over a real client", async () => {
    const server = await startOpenAIServer([
      { text: "Calling now.\n```json\n{'tool': 'edit', 'arguments': {'x': 2}}\n```" },
    ]);
    try {
      const model = createModel("openai:llama3.1", {
        baseURL: server.baseURL,
        toolProtocol: "text",
        env: {},
      });
      const response = await model.generate({ messages: [{ role: "user", content: "go" }], tools });
      expect(response.toolCalls).toMatchObject([{ name: "edit", arguments: { x: 2 } }]);
      const body = server.requests[0]?.body as {
        tools?: unknown;
        messages: Array<{ role: string; content: string }>;
      };
      expect(body.tools).toBeUndefined();
      expect(body.messages[0]?.role).toBe("system");
      expect(body.messages[0]?.content).toContain("```json");
    } finally {
      await server.close();
    }
  });
});
