/**
 * The ChatModel contract suite (sdk/llm/types.ts), run against a local server that speaks the
 * provider's wire format (`startOpenAIServer` / `startAnthropicServer`): text replies, usage and
 * cost, a tool round trip, an abort signal honoured, HTTP errors as ProviderError with the status
 * code. The factory gets each case's server baseURL; build the model with retries off.
 */
import assert from "node:assert/strict";
import { HyperagentsError } from "../../errors.js";
import { ProviderError } from "../../llm/errors.js";
import type { ChatModel, ChatRequest, ToolSpec } from "../../llm/types.js";
import { startAnthropicServer } from "../anthropic-server.js";
import { startOpenAIServer } from "../openai-server.js";
import type { StubHandler, StubServer } from "../stub-server.js";
import { type ContractOptions, type ContractSuite, contractSuite } from "./suite.js";

export interface ChatModelContractOptions extends ContractOptions {
  /** Suite name (default "ChatModel contract: <wire>"). */
  name?: string;
  /** The wire format the model speaks: which local server the suite starts (default "openai"). */
  wire?: "openai" | "anthropic";
}

/** The tool every tool round trip of the suite uses. */
export const weatherTool: ToolSpec = {
  name: "get_weather",
  description: "Current weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

/** A one-message request. */
export const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: "user", content: text }],
  ...extra,
});

export function chatModelContract(
  factory: (baseURL: string) => ChatModel | Promise<ChatModel>,
  options: ChatModelContractOptions = {},
): ContractSuite {
  const wire = options.wire ?? "openai";
  const start = wire === "anthropic" ? startAnthropicServer : startOpenAIServer;
  /** Starts a server with `script`, builds the model against it, closes the server after `body`. */
  const withModel = async (
    script: StubHandler,
    body: (model: ChatModel, server: StubServer) => Promise<void>,
  ) => {
    const server = await start(script);
    try {
      await body(await factory(server.baseURL), server);
    } finally {
      await server.close();
    }
  };
  const failure = async (model: ChatModel, request: ChatRequest): Promise<unknown> => {
    const outcome = await model.generate(request).then(
      (response) => ({ resolved: response }),
      (error: unknown) => ({ error }),
    );
    assert.ok(
      "error" in outcome,
      `generate resolved (text "${"resolved" in outcome ? outcome.resolved.text : ""}"); expected a rejection`,
    );
    return outcome.error;
  };
  const cases = [
    {
      name: "names itself and its contract version",
      run: () =>
        withModel([], async (model) => {
          assert.ok(typeof model.id === "string" && model.id.trim() !== "", "the model has no id");
          assert.ok(
            model.specificationVersion === undefined || model.specificationVersion === "v1",
            `unknown specificationVersion ${String(model.specificationVersion)}`,
          );
        }),
    },
    {
      name: "answers with text",
      run: () =>
        withModel([{ text: "Hello from the stub." }], async (model) => {
          const response = await model.generate(ask("Say hello", { system: "Be brief." }));
          assert.equal(response.text, "Hello from the stub.");
          assert.deepEqual(response.toolCalls, []);
          assert.equal(response.finishReason, "stop");
          assert.ok(
            typeof response.model === "string" && response.model !== "",
            "the response names no model",
          );
        }),
    },
    {
      name: "reports usage and a cost in USD",
      run: () =>
        withModel([{ text: "ok", usage: { inputTokens: 1200, outputTokens: 300 } }], async (model) => {
          const response = await model.generate(ask("count"));
          assert.deepEqual(response.usage, { inputTokens: 1200, outputTokens: 300 });
          assert.ok(
            Number.isFinite(response.costUsd) && response.costUsd >= 0,
            `costUsd ${response.costUsd}`,
          );
        }),
    },
    {
      name: "round-trips a tool call: call, tool result, final answer",
      run: () =>
        withModel(
          [
            { toolCalls: [{ id: "call_w1", name: "get_weather", arguments: { city: "Paris" } }] },
            { text: "It is sunny in Paris." },
          ],
          async (model, server) => {
            const first = await model.generate(ask("Weather in Paris?", { tools: [weatherTool] }));
            assert.equal(first.finishReason, "tool_calls");
            assert.deepEqual(first.toolCalls, [
              { id: "call_w1", name: "get_weather", arguments: { city: "Paris" } },
            ]);
            const second = await model.generate({
              messages: [
                { role: "user", content: "Weather in Paris?" },
                { role: "assistant", content: first.text, toolCalls: first.toolCalls },
                { role: "tool", toolCallId: "call_w1", name: "get_weather", content: "sunny, 24C" },
              ],
              tools: [weatherTool],
            });
            assert.equal(second.text, "It is sunny in Paris.");
            assert.match(
              JSON.stringify(server.requests[1]?.body),
              /sunny, 24C/,
              "the tool result was not sent",
            );
          },
        ),
    },
    {
      name: "stops a call in flight when its signal aborts",
      run: () =>
        withModel([{ text: "too late", delayMs: 10_000 }], async (model, server) => {
          const controller = new AbortController();
          let settled = false;
          const pending = failure(model, ask("hi", { signal: controller.signal })).finally(() => {
            settled = true;
          });
          // Abort once the request reached the server (no wall-clock guess), or at once if it settled.
          while (server.requests.length === 0 && !settled)
            await new Promise((resolve) => setTimeout(resolve, 10));
          controller.abort();
          const error = await pending;
          assert.ok(ProviderError.isInstance(error), `rejected with ${String(error)}, not a ProviderError`);
          assert.equal(error.code, "aborted");
          assert.equal(error.isRetryable, false);
        }),
    },
    {
      name: "rejects an HTTP error as a ProviderError with its status code",
      run: () =>
        withModel([{ error: { status: 400, message: "bad field" } }], async (model) => {
          const error = await failure(model, ask("hi"));
          assert.ok(ProviderError.isInstance(error), `rejected with ${String(error)}, not a ProviderError`);
          assert.equal(error.statusCode, 400);
          assert.equal(error.kind, "user");
          assert.equal(error.isRetryable, false);
          assert.match(error.message, /bad field/);
        }),
    },
    {
      name: "rejects every failure as a typed hyperagents error",
      run: () =>
        withModel([{ error: { status: 500, message: "server fell over" } }], async (model) => {
          const error = await failure(model, ask("hi"));
          assert.ok(
            HyperagentsError.is(error),
            `rejected with ${String(error)}, not a typed hyperagents error`,
          );
          assert.ok(["user", "system", "model"].includes(error.kind), `unknown error kind ${error.kind}`);
        }),
    },
  ];
  return contractSuite(options.name ?? `ChatModel contract: ${wire}`, cases, options.gaps);
}
