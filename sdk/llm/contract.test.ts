import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChatOpenAI } from "@langchain/openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startAnthropicServer } from "../testing/anthropic-server.js";
import { ask, weatherTool } from "../testing/contracts/chat-model.js";
import { startOpenAIServer } from "../testing/openai-server.js";
import type { StubHandler, StubServer } from "../testing/stub-server.js";
import { createAnthropicModel } from "./anthropic.js";
import { budgetMiddleware, withBudget } from "./budget.js";
import { withCache } from "./cache.js";
import { BudgetExceededError, ProviderError } from "./errors.js";
import { fromLangChain } from "./langchain.js";
import { createLedger, ledgerMiddleware, withLedger } from "./ledger.js";
import { wrapModel } from "./middleware.js";
import { createOpenAIModel } from "./openai.js";
import { costOf } from "./prices.js";
import { retryMiddleware, withRetry } from "./retry.js";
import type { ChatModel } from "./types.js";

const KEY = "sk-contract-test-key-0123456789";

interface ProviderCase {
  name: string;
  /** A priced model, so cost checks mean something. */
  modelName: string;
  start(handler: StubHandler): Promise<StubServer>;
  model(baseURL: string, options?: { timeoutMs?: number }): ChatModel;
  /** Where the system prompt landed in the wire request. */
  systemOf(body: unknown): unknown;
  /** The tool result as the provider's wire format carries it in the follow-up request. */
  toolResultOf(body: unknown): { id: unknown; content: unknown } | undefined;
  /** A whole wire-format reply whose finish reason is `reason`, a word our vocabulary lacks. */
  replyFinishing(reason: string): object;
}

const openaiReplyFinishing = (reason: string) => ({
  id: "chatcmpl-odd",
  object: "chat.completion",
  created: 0,
  model: "gpt-4o-mini",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "paused", refusal: null },
      logprobs: null,
      finish_reason: reason,
    },
  ],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
});

type Json = Record<string, unknown>;
const messagesOf = (body: unknown) => ((body as Json).messages ?? []) as Json[];

const openaiToolResult = (body: unknown) => {
  const msg = messagesOf(body).find((m) => m.role === "tool");
  return msg === undefined ? undefined : { id: msg.tool_call_id, content: msg.content };
};
const openaiSystem = (body: unknown) => messagesOf(body).find((m) => m.role === "system")?.content;

const cases: ProviderCase[] = [
  {
    name: "openai",
    modelName: "gpt-4o-mini",
    start: startOpenAIServer,
    model: (baseURL, o = {}) =>
      createOpenAIModel({ model: "gpt-4o-mini", apiKey: KEY, baseURL, ...o, env: {} }),
    systemOf: openaiSystem,
    toolResultOf: openaiToolResult,
    replyFinishing: openaiReplyFinishing,
  },
  {
    name: "anthropic",
    modelName: "claude-haiku-4-5",
    start: startAnthropicServer,
    model: (baseURL, o = {}) =>
      createAnthropicModel({ model: "claude-haiku-4-5", apiKey: KEY, baseURL, ...o, env: {} }),
    systemOf: (body) => (body as Json).system,
    toolResultOf(body) {
      // Anthropic: tool results are user turns holding tool_result blocks.
      for (const m of messagesOf(body)) {
        if (m.role !== "user" || !Array.isArray(m.content)) continue;
        const block = (m.content as Json[]).find((b) => b.type === "tool_result");
        if (block !== undefined) return { id: block.tool_use_id, content: block.content };
      }
      return undefined;
    },
    replyFinishing: (reason) => ({
      id: "msg_odd",
      type: "message",
      role: "assistant",
      model: "claude-haiku-4-5",
      content: [{ type: "text", text: "paused" }],
      stop_reason: reason,
      stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 1 },
    }),
  },
  {
    name: "langchain",
    modelName: "gpt-4o-mini",
    start: startOpenAIServer,
    model: (baseURL, o = {}) =>
      fromLangChain(
        new ChatOpenAI({
          model: "gpt-4o-mini",
          apiKey: KEY,
          configuration: { baseURL },
          maxRetries: 0,
          ...(o.timeoutMs === undefined ? {} : { timeout: o.timeoutMs }),
        }),
      ),
    systemOf: openaiSystem,
    toolResultOf: openaiToolResult,
    replyFinishing: openaiReplyFinishing,
  },
];

describe.each(cases)("ChatModel contract: $name", (c) => {
  let server: StubServer | undefined;
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), `hyperagents-llm-${c.name}-`));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it("answers with text, passing the system prompt natively", async () => {
    server = await c.start([{ text: "Hello from the stub." }]);
    const response = await c.model(server.baseURL).generate(ask("Say hello", { system: "Be brief." }));
    expect(response.text).toBe("Hello from the stub.");
    expect(response.toolCalls).toEqual([]);
    expect(response.finishReason).toBe("stop");
    expect(response.model.startsWith(c.modelName)).toBe(true);
    expect(c.systemOf(server.requests[0]?.body)).toBe("Be brief.");
  });

  it("round-trips a tool call: call, tool result, final answer", async () => {
    server = await c.start([
      { toolCalls: [{ id: "call_w1", name: "get_weather", arguments: { city: "Paris" } }] },
      { text: "It is sunny in Paris." },
    ]);
    const model = c.model(server.baseURL);
    const first = await model.generate(ask("Weather in Paris?", { tools: [weatherTool] }));
    expect(first.finishReason).toBe("tool_calls");
    expect(first.toolCalls).toEqual([{ id: "call_w1", name: "get_weather", arguments: { city: "Paris" } }]);

    const second = await model.generate({
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: first.text, toolCalls: first.toolCalls },
        { role: "tool", toolCallId: "call_w1", name: "get_weather", content: "sunny, 24C" },
      ],
      tools: [weatherTool],
    });
    expect(second.text).toBe("It is sunny in Paris.");
    expect(second.finishReason).toBe("stop");
    expect(c.toolResultOf(server.requests[1]?.body)).toEqual({ id: "call_w1", content: "sunny, 24C" });
  });

  it("reports usage and prices it", async () => {
    server = await c.start([{ text: "ok", usage: { inputTokens: 1200, outputTokens: 300 } }]);
    const response = await c.model(server.baseURL).generate(ask("count"));
    expect(response.usage).toEqual({ inputTokens: 1200, outputTokens: 300 });
    const expected = costOf(c.modelName, response.usage);
    expect(expected).toBeGreaterThan(0);
    expect(response.costUsd).toBeCloseTo(expected, 12);
  });

  it("retries after a 429, waiting what Retry-After asks", async () => {
    server = await c.start([
      { error: { status: 429, message: "slow down", retryAfterMs: 150 } },
      { text: "done" },
    ]);
    const delays: number[] = [];
    const model = withRetry(c.model(server.baseURL), {
      baseDelayMs: 1,
      random: () => 0,
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    const started = performance.now();
    const response = await model.generate(ask("hi"));
    expect(response.text).toBe("done");
    expect(server.requests).toHaveLength(2);
    expect(delays).toEqual([150]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("does not retry a 400", async () => {
    server = await c.start([{ error: { status: 400, message: "bad field" } }, { text: "never" }]);
    const model = withRetry(c.model(server.baseURL), { baseDelayMs: 1 });
    const error = await model.generate(ask("hi")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    const pe = error as ProviderError;
    expect(pe.statusCode).toBe(400);
    expect(pe.kind).toBe("user");
    expect(pe.isRetryable).toBe(false);
    expect(pe.message).toContain("bad field");
    expect(server.requests).toHaveLength(1);
  });

  it("times out as a retryable error", async () => {
    server = await c.start([{ text: "too late", delayMs: 3_000 }]);
    const error = await c
      .model(server.baseURL, { timeoutMs: 150 })
      .generate(ask("hi"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("timeout");
    expect((error as ProviderError).isRetryable).toBe(true);
  });

  it("stops a call in flight when its signal aborts", async () => {
    server = await c.start([{ text: "too late", delayMs: 3_000 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await c
      .model(server.baseURL)
      .generate(ask("hi", { signal: controller.signal }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("aborted");
    expect((error as ProviderError).isRetryable).toBe(false);
  });

  it("declares specification v1, and a finish reason outside the vocabulary is other", async () => {
    server = await c.start([{ raw: { status: 200, body: c.replyFinishing("pause_turn") } }]);
    const model = c.model(server.baseURL);
    expect(model.specificationVersion).toBe("v1");
    const response = await model.generate(ask("Go on"));
    expect(response.text).toBe("paused");
    expect(response.finishReason).toBe("other");
  });

  it("stops starting calls once the budget is spent, composed as a wrapModel list", async () => {
    server = await c.start([
      { text: "one", usage: { inputTokens: 100_000, outputTokens: 10_000 } },
      { text: "two", usage: { inputTokens: 100_000, outputTokens: 10_000 } },
    ]);
    const ledger = createLedger();
    const first = costOf(c.modelName, { inputTokens: 100_000, outputTokens: 10_000 });
    const model = wrapModel({
      model: c.model(server.baseURL),
      middleware: [
        budgetMiddleware({ maxUsd: first / 2, ledger }),
        ledgerMiddleware(ledger),
        retryMiddleware(),
      ],
    });
    expect((await model.generate(ask("one"))).text).toBe("one");
    await expect(model.generate(ask("two"))).rejects.toBeInstanceOf(BudgetExceededError);
    expect(server.requests).toHaveLength(1);
    expect(ledger.totals().costUsd).toBeCloseTo(first, 12);
  });

  it("stops starting calls once the budget is spent", async () => {
    server = await c.start([
      { text: "one", usage: { inputTokens: 100_000, outputTokens: 10_000 } },
      { text: "two", usage: { inputTokens: 100_000, outputTokens: 10_000 } },
    ]);
    const ledger = createLedger();
    const first = costOf(c.modelName, { inputTokens: 100_000, outputTokens: 10_000 });
    const model = withBudget(withLedger(c.model(server.baseURL), ledger), { maxUsd: first / 2, ledger });
    expect((await model.generate(ask("one"))).text).toBe("one");
    await expect(model.generate(ask("two"))).rejects.toBeInstanceOf(BudgetExceededError);
    expect(server.requests).toHaveLength(1);
    expect(ledger.totals().costUsd).toBeCloseTo(first, 12);
  });

  it("records, then replays with the server closed", async () => {
    server = await c.start([{ text: "recorded answer", usage: { inputTokens: 10, outputTokens: 3 } }]);
    const baseURL = server.baseURL;
    const recorded = await withCache(c.model(baseURL), { dir, mode: "record" }).generate(ask("remember me"));
    await server.close();
    server = undefined;
    const replayed = await withCache(c.model(baseURL), { dir, mode: "replay" }).generate(ask("remember me"));
    expect(replayed.middlewareMetadata?.cache).toMatchObject({ hit: true });
    expect(replayed.text).toBe(recorded.text);
    expect(replayed.usage).toEqual(recorded.usage);
  });
});
