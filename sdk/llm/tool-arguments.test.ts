import { ChatOpenAI } from "@langchain/openai";
import { describe, expect, it } from "vitest";
import { startOpenAIServer } from "../testing/openai-server.js";
import { fromLangChain } from "./langchain.js";
import { toolCallFromText, toolCallFromValue } from "./tool-arguments.js";

describe("toolCallFromText / toolCallFromValue", () => {
  it("parses, repairs, and reports what is not a JSON object instead of throwing", () => {
    expect(toolCallFromText("1", "f", '{"a": 1}')).toEqual({ id: "1", name: "f", arguments: { a: 1 } });
    expect(toolCallFromText("1", "f", "{'a': True,}")).toEqual({
      id: "1",
      name: "f",
      arguments: { a: true },
    });
    expect(toolCallFromText("1", "f", "  ")).toEqual({ id: "1", name: "f", arguments: {} });
    const cut = toolCallFromText("1", "f", '{"a": ');
    expect(cut).toMatchObject({ arguments: {}, rawArguments: '{"a": ' });
    expect(cut.argumentsError).toMatch(/JSON/);
    expect(toolCallFromText("1", "f", '"just a string"')).toMatchObject({
      argumentsError: "expected a JSON object, got a string",
      rawArguments: '"just a string"',
    });
    expect(toolCallFromValue("1", "f", null)).toMatchObject({
      argumentsError: "expected a JSON object, got null",
      rawArguments: "null",
    });
  });
});

describe("fromLangChain: invalid tool calls", () => {
  it("become tool calls with argumentsError, or are repaired, instead of failing the call", async () => {
    const server = await startOpenAIServer([
      {
        toolCalls: [
          { id: "ok", name: "view", arguments: { path: "a.ts" } },
          { id: "cut", name: "view", arguments: '{"path": "b.ts' },
          { id: "quotes", name: "view", arguments: "{'path': 'c.ts'}" },
        ],
      },
    ]);
    try {
      const model = fromLangChain(
        new ChatOpenAI({
          model: "gpt-4o-mini",
          apiKey: "sk-langchain-test-0123456789",
          configuration: { baseURL: server.baseURL },
          maxRetries: 0,
        }),
      );
      const response = await model.generate({
        messages: [{ role: "user", content: "go" }],
        tools: [{ name: "view", parameters: { type: "object", properties: { path: { type: "string" } } } }],
      });
      expect(response.finishReason).toBe("tool_calls");
      const byId = Object.fromEntries(response.toolCalls.map((call) => [call.id, call]));
      expect(byId.ok).toEqual({ id: "ok", name: "view", arguments: { path: "a.ts" } });
      expect(byId.cut).toMatchObject({ name: "view", arguments: {}, rawArguments: '{"path": "b.ts' });
      expect(byId.cut?.argumentsError).toBeTruthy();
      expect(byId.quotes).toEqual({ id: "quotes", name: "view", arguments: { path: "c.ts" } });
    } finally {
      await server.close();
    }
  });
});
