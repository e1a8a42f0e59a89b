import { ChatOpenAI } from "@langchain/openai";
import { describe, expect, it } from "vitest";
import { startAnthropicServer } from "../testing/anthropic-server.js";
import { startOpenAIServer } from "../testing/openai-server.js";
import { createModel } from "./create-model.js";
import { fromLangChain } from "./langchain.js";
import type { ChatRequest } from "./types.js";

const KEY = "sk-warnings-test-0123456789";
const request: ChatRequest = {
  messages: [{ role: "user", content: "hi" }],
  temperature: 0,
  maxTokens: 64,
};

describe("request options a provider does not send are warnings on the response", () => {
  it("anthropic: temperature is not sent by default, and the response says so", async () => {
    const server = await startAnthropicServer([{ text: "a" }, { text: "b" }, { text: "c" }]);
    try {
      const options = { apiKey: KEY, baseURL: server.baseURL, env: {} };
      const dropped = await createModel("anthropic:claude-haiku-4-5", options).generate(request);
      expect(server.requests[0]?.body).not.toHaveProperty("temperature");
      expect(dropped.warnings).toHaveLength(1);
      expect(dropped.warnings?.[0]).toMatch(/temperature 0 was not sent.*sendTemperature: true/);

      const sent = await createModel("anthropic:claude-haiku-4-5", {
        ...options,
        sendTemperature: true,
      }).generate(request);
      expect(server.requests[1]?.body).toMatchObject({ temperature: 0 });
      expect(sent.warnings).toBeUndefined();

      const { temperature: _t, ...noTemperature } = request;
      const plain = await createModel("anthropic:claude-haiku-4-5", options).generate(noTemperature);
      expect(plain.warnings).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it("openai: every option is sent, so there is no warning", async () => {
    const server = await startOpenAIServer([{ text: "a" }]);
    try {
      const response = await createModel("openai:gpt-4o-mini", {
        apiKey: KEY,
        baseURL: server.baseURL,
        env: {},
      }).generate(request);
      expect(server.requests[0]?.body).toMatchObject({ temperature: 0, max_tokens: 64 });
      expect(response.warnings).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it("langchain: per-call temperature and maxTokens are not forwarded, and the response says so", async () => {
    const server = await startOpenAIServer([{ text: "a" }]);
    try {
      const model = fromLangChain(
        new ChatOpenAI({ model: "gpt-4o-mini", apiKey: KEY, configuration: { baseURL: server.baseURL } }),
      );
      const response = await model.generate(request);
      expect(response.text).toBe("a");
      expect(response.warnings).toEqual([
        expect.stringMatching(/temperature 0 was not sent/),
        expect.stringMatching(/maxTokens 64 was not sent/),
      ]);
    } finally {
      await server.close();
    }
  });

  it("text tools keep the warnings of the model they wrap", async () => {
    const server = await startAnthropicServer([{ text: '```json\n{"tool": "view", "arguments": {}}\n```' }]);
    try {
      const model = createModel("anthropic:claude-haiku-4-5", {
        apiKey: KEY,
        baseURL: server.baseURL,
        env: {},
        toolProtocol: "text",
      });
      const response = await model.generate({
        ...request,
        tools: [{ name: "view", parameters: { type: "object" } }],
      });
      expect(response.toolCalls.map((c) => c.name)).toEqual(["view"]);
      expect(response.warnings?.[0]).toMatch(/temperature/);
    } finally {
      await server.close();
    }
  });
});
