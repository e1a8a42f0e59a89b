import { ChatOpenAI } from "@langchain/openai";
import { describe, expect, it } from "vitest";
import { createAnthropicModel } from "../../llm/anthropic.js";
import { fromLangChain } from "../../llm/langchain.js";
import { createOfflineModel } from "../../llm/offline.js";
import { createOpenAIModel } from "../../llm/openai.js";
import type { ChatModel } from "../../llm/types.js";
import { chatModelContract } from "./chat-model.js";
import { runContractSuite } from "./test-support.js";

const apiKey = "sk-contract-suite-key-0123456789";

runContractSuite(
  chatModelContract((baseURL) => createOpenAIModel({ model: "gpt-4o-mini", apiKey, baseURL, env: {} }), {
    name: "ChatModel contract: openai",
  }),
);

runContractSuite(
  chatModelContract(
    (baseURL) => createAnthropicModel({ model: "claude-haiku-4-5", apiKey, baseURL, env: {} }),
    {
      name: "ChatModel contract: anthropic",
      wire: "anthropic",
    },
  ),
);

runContractSuite(
  chatModelContract(
    (baseURL) =>
      fromLangChain(
        new ChatOpenAI({ model: "gpt-4o-mini", apiKey, configuration: { baseURL }, maxRetries: 0 }),
      ),
    { name: "ChatModel contract: langchain (ChatOpenAI)" },
  ),
);

const OFFLINE = "the offline model is no LLM: every call rejects with a UserError saying how to get a model";
runContractSuite(
  chatModelContract(() => createOfflineModel(), {
    name: "ChatModel contract: offline",
    gaps: {
      "answers with text": OFFLINE,
      "reports usage and a cost in USD": OFFLINE,
      "round-trips a tool call: call, tool result, final answer": `${OFFLINE} (no tool calls)`,
      "stops a call in flight when its signal aborts": `${OFFLINE}; no call is ever in flight`,
      "rejects an HTTP error as a ProviderError with its status code": `${OFFLINE}; it makes no HTTP call`,
    },
  }),
);

describe("chatModelContract catches a model that breaks the contract", () => {
  const caseOf = (model: (baseURL: string) => ChatModel, prefix: string) => {
    const found = chatModelContract(model).cases.find((c) => c.name.startsWith(prefix));
    if (found === undefined) throw new Error(`no case "${prefix}…"`);
    return found;
  };
  /** Loses the error's type: what a hand-written provider that rethrows plain Errors does. */
  const untyped = (baseURL: string): ChatModel => {
    const inner = createOpenAIModel({ model: "gpt-4o-mini", apiKey, baseURL, env: {} });
    return {
      id: inner.id,
      generate: (request) =>
        inner.generate(request).catch((error: Error) => {
          throw new Error(error.message);
        }),
    };
  };
  /** Drops the request's abort signal. */
  const deaf = (baseURL: string): ChatModel => {
    const inner = createOpenAIModel({ model: "gpt-4o-mini", apiKey, baseURL, env: {} });
    return { id: inner.id, generate: ({ signal: _signal, ...request }) => inner.generate(request) };
  };

  it("errors that are not ProviderErrors", async () => {
    await expect(caseOf(untyped, "rejects an HTTP error").run()).rejects.toThrow(/not a ProviderError/);
    await expect(caseOf(untyped, "rejects every failure as a typed").run()).rejects.toThrow(
      /not a typed hyperagents error/,
    );
    await expect(caseOf(untyped, "answers with text").run()).resolves.toBeUndefined();
  });

  it("usage it does not report as the server sent it", async () => {
    const zero = (baseURL: string): ChatModel => {
      const inner = createOpenAIModel({ model: "gpt-4o-mini", apiKey, baseURL, env: {} });
      return {
        id: inner.id,
        generate: async (request) => ({
          ...(await inner.generate(request)),
          usage: { inputTokens: 0, outputTokens: 0 },
        }),
      };
    };
    await expect(caseOf(zero, "reports usage").run()).rejects.toThrow();
  });

  it("a signal it does not honour", async () => {
    // The stub answers after its delay; a model that ignores the abort resolves instead of rejecting.
    await expect(caseOf(deaf, "stops a call in flight").run()).rejects.toThrow(/expected a rejection/);
  }, 120_000);
});
