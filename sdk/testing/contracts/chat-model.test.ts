import { ChatOpenAI } from "@langchain/openai";
import { createAnthropicModel } from "../../llm/anthropic.js";
import { fromLangChain } from "../../llm/langchain.js";
import { createOfflineModel } from "../../llm/offline.js";
import { createOpenAIModel } from "../../llm/openai.js";
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
