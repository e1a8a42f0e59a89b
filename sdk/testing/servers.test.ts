import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { startAnthropicServer } from "./anthropic-server.js";
import { startOpenAIServer } from "./openai-server.js";
import type { StubServer } from "./stub-server.js";

let server: StubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const tool = {
  name: "add",
  description: "Add two numbers",
  parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } },
};

const openai = (s: StubServer, maxRetries = 0) =>
  new OpenAI({ apiKey: "sk-test", baseURL: s.baseURL, maxRetries });
const anthropic = (s: StubServer, maxRetries = 0) =>
  new Anthropic({ apiKey: "sk-ant-test", baseURL: s.baseURL, maxRetries });

describe("startOpenAIServer with the official openai client", () => {
  it("streams text and tool calls through the SDK's stream helper, with usage", async () => {
    server = await startOpenAIServer([
      {
        text: "Adding the numbers now, give me a second.",
        toolCalls: [{ id: "call_1", name: "add", arguments: { a: 2, b: 40 } }],
        usage: { inputTokens: 21, outputTokens: 9 },
      },
    ]);
    const stream = openai(server).chat.completions.stream({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "2+40?" }],
      tools: [{ type: "function", function: tool }],
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    stream.on("content", (delta) => deltas.push(delta));
    const final = await stream.finalChatCompletion();
    expect(deltas.length).toBeGreaterThan(1);
    const message = final.choices[0]?.message;
    expect(message?.content).toBe("Adding the numbers now, give me a second.");
    const call = message?.tool_calls?.[0];
    expect(
      call?.type === "function"
        ? (call.function.parsed_arguments ?? JSON.parse(call.function.arguments))
        : undefined,
    ).toEqual({
      a: 2,
      b: 40,
    });
    expect(final.choices[0]?.finish_reason).toBe("tool_calls");
    expect(final.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 });
    expect(server.requests[0]?.body).toMatchObject({ stream: true });
  });

  it("iterates raw `stream: true` chunks ending in [DONE]", async () => {
    server = await startOpenAIServer([{ text: "chunked reply" }]);
    const stream = await openai(server).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    let text = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe("chunked reply");
    expect(finish).toBe("stop");
  });

  it("sends OpenAI-shaped errors with request ids, and the SDK honours Retry-After", async () => {
    server = await startOpenAIServer([
      { error: { status: 429, message: "Rate limit reached", retryAfterMs: 100 } },
      { text: "after waiting" },
      { error: { status: 400, message: "Invalid 'messages'" } },
    ]);
    const client = openai(server, 1);
    const started = performance.now();
    const ok = await client.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "a" }],
    });
    expect(ok.choices[0]?.message.content).toBe("after waiting");
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    const error = await client.chat.completions
      .create({ model: "m", messages: [{ role: "user", content: "b" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.requestID).toBe("req_stub_000003");
    expect(apiError.type).toBe("invalid_request_error");
    expect(apiError.message).toContain("Invalid 'messages'");
  });

  it("answers from a function of the request, after a delay", async () => {
    server = await startOpenAIServer(async (request, index) => ({
      text: `echo ${(request.body as { messages: Array<{ content: string }> }).messages[0]?.content} #${index}`,
      delayMs: 50,
    }));
    const started = performance.now();
    const reply = await openai(server).chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "ping" }],
    });
    expect(reply.choices[0]?.message.content).toBe("echo ping #0");
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it("says so when the script runs out", async () => {
    server = await startOpenAIServer([]);
    await expect(
      openai(server).chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] }),
    ).rejects.toThrow(/no scripted reply left/);
  });
});

describe("startAnthropicServer with the official @anthropic-ai/sdk client", () => {
  it("streams text and tool_use through the SDK's stream helper, with usage", async () => {
    server = await startAnthropicServer([
      {
        text: "Let me add those for you.",
        toolCalls: [{ id: "toolu_1", name: "add", arguments: { a: 2, b: 40 } }],
        usage: { inputTokens: 30, outputTokens: 12 },
      },
    ]);
    const stream = anthropic(server).messages.stream({
      model: "claude-haiku-4-5",
      max_tokens: 100,
      messages: [{ role: "user", content: "2+40?" }],
      tools: [
        {
          name: tool.name,
          description: tool.description,
          input_schema: { ...tool.parameters, type: "object" },
        },
      ],
    });
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const final = await stream.finalMessage();
    expect(deltas.join("")).toBe("Let me add those for you.");
    expect(final.content).toMatchObject([
      { type: "text", text: "Let me add those for you." },
      { type: "tool_use", id: "toolu_1", name: "add", input: { a: 2, b: 40 } },
    ]);
    expect(final.stop_reason).toBe("tool_use");
    expect(final.usage).toMatchObject({ input_tokens: 30, output_tokens: 12 });
  });

  it("sends Anthropic-shaped errors with request ids, and the SDK honours Retry-After", async () => {
    server = await startAnthropicServer([
      { error: { status: 529, message: "Overloaded", retryAfterMs: 100 } },
      { text: "recovered" },
      { error: { status: 404, message: "model: nope" } },
    ]);
    const client = anthropic(server, 1);
    const started = performance.now();
    const ok = await client.messages.create({
      model: "claude-haiku-4-5",
      max_tokens: 10,
      messages: [{ role: "user", content: "a" }],
    });
    expect(ok.content[0]).toMatchObject({ type: "text", text: "recovered" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    const error = await client.messages
      .create({ model: "nope", max_tokens: 10, messages: [{ role: "user", content: "b" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.requestID).toBe("req_stub_000003");
    expect(apiError.error).toMatchObject({
      type: "error",
      error: { type: "not_found_error", message: "model: nope" },
    });
  });
});
