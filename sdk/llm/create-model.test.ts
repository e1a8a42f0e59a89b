import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UserError } from "../errors.js";
import { startAnthropicServer } from "../testing/anthropic-server.js";
import { startOpenAIServer } from "../testing/openai-server.js";
import { toAnthropicRequest } from "./anthropic.js";
import { type CreateModelOptions, createModel } from "./create-model.js";
import { ProviderError } from "./errors.js";
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
    // A result that already says it failed is not prefixed twice.
    const said = toOpenAIRequest("gpt-4o", {
      messages: [{ role: "tool", toolCallId: "t3", content: "Error: no such file", isError: true }],
    });
    expect(said.messages[0]).toEqual({ role: "tool", tool_call_id: "t3", content: "Error: no such file" });
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

describe.each([
  { name: "openai", start: startOpenAIServer, spec: "openai:gpt-4o-mini" },
  { name: "anthropic", start: startAnthropicServer, spec: "anthropic:claude-haiku-4-5" },
])("createModel retries by default ($name)", ({ start, spec }) => {
  const make = (baseURL: string, options: CreateModelOptions = {}) =>
    createModel(spec, { apiKey: "sk-retry-test-0123456789", baseURL, env: {}, ...options });

  it("retries a 429 after the Retry-After the server asks for, then succeeds", async () => {
    const server = await start([{ error: { status: 429, retryAfterMs: 300 } }, { text: "ok" }]);
    try {
      const delays: number[] = [];
      const model = make(server.baseURL, { retry: { onRetry: ({ delayMs }) => delays.push(delayMs) } });
      expect((await model.generate(hi)).text).toBe("ok");
      expect(server.requests).toHaveLength(2);
      expect(delays).toHaveLength(1);
      expect(delays[0]).toBeGreaterThanOrEqual(300);
    } finally {
      await server.close();
    }
  });

  it("retries a 500 twice, then succeeds; a third 500 is the error", async () => {
    const server = await start([
      { error: { status: 500 } },
      { error: { status: 500 } },
      { text: "third time" },
      { error: { status: 500, message: "still down" } },
      { error: { status: 503 } },
      { error: { status: 500 } },
      { text: "never asked" },
    ]);
    try {
      const model = make(server.baseURL, { retry: { baseDelayMs: 1 } });
      expect((await model.generate(hi)).text).toBe("third time");
      expect(server.requests).toHaveLength(3);
      const error = await model.generate(hi).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).statusCode).toBe(500);
      expect(server.requests).toHaveLength(6);
    } finally {
      await server.close();
    }
  });

  it("maxRetries: 0 gives the error at once; maxRetries: 3 tries four times", async () => {
    const server = await start([
      { error: { status: 429, retryAfterMs: 10 } },
      ...Array.from({ length: 4 }, () => ({ error: { status: 503 } })),
      { text: "never asked" },
    ]);
    try {
      const once = await make(server.baseURL, { maxRetries: 0 })
        .generate(hi)
        .catch((e: unknown) => e);
      expect((once as ProviderError).code).toBe("rate_limit");
      expect(server.requests).toHaveLength(1);
      const four = await make(server.baseURL, { maxRetries: 3, retry: { baseDelayMs: 1 } })
        .generate(hi)
        .catch((e: unknown) => e);
      expect((four as ProviderError).statusCode).toBe(503);
      expect(server.requests).toHaveLength(5);
    } finally {
      await server.close();
    }
  });

  it("does not retry a 400", async () => {
    const server = await start([{ error: { status: 400, message: "bad field" } }, { text: "never asked" }]);
    try {
      const error = await make(server.baseURL)
        .generate(hi)
        .catch((e: unknown) => e);
      expect((error as ProviderError).code).toBe("bad_request");
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("retries a refused connection", async () => {
    const server = await start([]);
    const baseURL = server.baseURL;
    await server.close();
    let attempts = 0;
    const model = make(baseURL, {
      retry: { baseDelayMs: 1 },
      fetch: (input, init) => {
        attempts++;
        return fetch(input, init);
      },
    });
    const error = await model.generate(hi).catch((e: unknown) => e);
    expect((error as ProviderError).code).toBe("connection");
    expect(attempts).toBe(3);
  });
});

describe("createModel maxRetries", () => {
  it("refuses a negative or fractional count", () => {
    for (const maxRetries of [-1, 1.5, Number.NaN]) {
      expect(() => createModel("openai:gpt-4o-mini", { apiKey: "k", env: {}, maxRetries })).toThrow(
        /maxRetries must be a whole number/,
      );
    }
  });
});
