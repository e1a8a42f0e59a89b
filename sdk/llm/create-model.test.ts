import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UserError } from "../errors.js";
import { startAnthropicServer } from "../testing/anthropic-server.js";
import { startOpenAIServer } from "../testing/openai-server.js";
import { toAnthropicRequest } from "./anthropic.js";
import { createModel } from "./create-model.js";
import { toOpenAIRequest } from "./openai.js";

const hi = { messages: [{ role: "user" as const, content: "hi" }] };

describe("createModel", () => {
  it("resolves specs to provider models", () => {
    expect(createModel("openai:gpt-4o-mini", { apiKey: "k", env: {} }).id).toBe("openai:gpt-4o-mini");
    expect(createModel("anthropic:claude-sonnet-4-5", { apiKey: "k", env: {} }).id).toBe(
      "anthropic:claude-sonnet-4-5",
    );
    expect(createModel("offline").id).toBe("offline");
  });

  it("lists the valid providers for an unknown one", () => {
    expect(() => createModel("gemini:pro")).toThrow(UserError);
    expect(() => createModel("gemini:pro")).toThrow(/openai:<model>, anthropic:<model>, offline/);
    expect(() => createModel("openai:")).toThrow(/names no model/);
  });

  it("names the env var when the key is missing", () => {
    expect(() => createModel("openai:gpt-4o", { env: {} })).toThrow(/OPENAI_API_KEY/);
    expect(() => createModel("anthropic:claude-haiku-4-5", { env: {} })).toThrow(/ANTHROPIC_API_KEY/);
  });

  it("offline rejects with a UserError that says it is no LLM and how to get one", async () => {
    const error = await createModel("offline")
      .generate(hi)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/no LLM/);
    expect((error as Error).message).toContain("OPENAI_API_KEY");
  });

  it("honours OPENAI_BASE_URL (no key needed for a compatible server) and injects fetch", async () => {
    const server = await startOpenAIServer([{ text: "from vllm" }]);
    try {
      let fetched = 0;
      const model = createModel("openai:Qwen2.5-7B", {
        env: { OPENAI_BASE_URL: server.baseURL },
        fetch: (input, init) => {
          fetched++;
          return fetch(input, init);
        },
      });
      expect((await model.generate(hi)).text).toBe("from vllm");
      expect(fetched).toBe(1);
      expect(server.requests[0]?.body).toMatchObject({ model: "Qwen2.5-7B" });
    } finally {
      await server.close();
    }
  });

  it("honours ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY", async () => {
    const server = await startAnthropicServer([{ text: "hello" }]);
    try {
      const model = createModel("anthropic:claude-haiku-4-5", {
        env: { ANTHROPIC_BASE_URL: server.baseURL, ANTHROPIC_API_KEY: "sk-ant-env" },
      });
      expect((await model.generate(hi)).text).toBe("hello");
      expect(server.requests[0]?.headers.authorization ?? server.requests[0]?.headers["x-api-key"]).toContain(
        "sk-ant-env",
      );
    } finally {
      await server.close();
    }
  });
});

describe("message conversion", () => {
  const calls = [
    { id: "t1", name: "view", arguments: { path: "a" } },
    { id: "t2", name: "view", arguments: { path: "b" } },
  ];
  const request = {
    system: "sys",
    messages: [
      { role: "user" as const, content: "part one" },
      { role: "user" as const, content: [{ type: "text" as const, text: "part two" }] },
      { role: "assistant" as const, content: "", toolCalls: calls },
      { role: "tool" as const, toolCallId: "t1", content: "A" },
      { role: "tool" as const, toolCallId: "t2", content: "B", isError: true },
    ],
    tools: [{ name: "view", parameters: { type: "object" } }],
    toolChoice: "required" as const,
    maxTokens: 100,
  };

  it("anthropic: merges same-role turns, tool results as user tool_result blocks, system native", () => {
    const body = toAnthropicRequest("claude-haiku-4-5", request);
    expect(body.system).toBe("sys");
    expect(body.max_tokens).toBe(100);
    expect(body.tool_choice).toEqual({ type: "any" });
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "part one" },
          { type: "text", text: "part two" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "t1", name: "view", input: { path: "a" } },
          { type: "tool_use", id: "t2", name: "view", input: { path: "b" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "t1", content: "A" },
          { type: "tool_result", tool_use_id: "t2", content: "B", is_error: true },
        ],
      },
    ]);
  });

  it("openai: system first, tool calls with JSON string arguments, one tool message per result", () => {
    const body = toOpenAIRequest("gpt-4o", request, "max_completion_tokens");
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user", "user", "assistant", "tool", "tool"]);
    expect(body.messages[3]).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "t1", type: "function", function: { name: "view", arguments: '{"path":"a"}' } },
        { id: "t2", type: "function", function: { name: "view", arguments: '{"path":"b"}' } },
      ],
    });
    expect(body.messages[5]).toEqual({ role: "tool", tool_call_id: "t2", content: "Error: B" });
    expect(body.max_completion_tokens).toBe(100);
    expect(body.tool_choice).toBe("required");
  });
});

describe("optional LangChain", () => {
  it("no module of the model layer imports LangChain statically", async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const files = (await readdir(here)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    expect(files).toContain("langchain.ts");
    for (const file of files) {
      const source = await readFile(join(here, file), "utf8");
      expect(source, file).not.toMatch(/(from|import)\s*\(?\s*["']@langchain\//);
    }
  });
});
