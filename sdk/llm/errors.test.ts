import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { describe, expect, it } from "vitest";
import { ModelOutputError, UserError } from "../errors.js";
import { startAnthropicServer } from "../testing/anthropic-server.js";
import { startOpenAIServer } from "../testing/openai-server.js";
import { createAnthropicModel } from "./anthropic.js";
import { ProviderError, readRetryAfterMs, redactSecrets, toProviderError } from "./errors.js";
import { createOpenAIModel } from "./openai.js";

const ctx = { provider: "openai", keyEnvVar: "OPENAI_API_KEY", secrets: ["sk-secret-value-123456"] };

function apiError(status: number, headers: Record<string, string> = {}, message = "boom"): APIError {
  return APIError.generate(status, { error: { message } }, undefined, new Headers(headers));
}

describe("toProviderError", () => {
  it.each([
    [400, "user", false, "bad_request"],
    [404, "user", false, "not_found"],
    [422, "user", false, "bad_request"],
    [401, "user", false, "auth"],
    [403, "user", false, "auth"],
    [408, "system", true, "timeout"],
    [409, "system", true, "conflict"],
    [429, "system", true, "rate_limit"],
    [500, "system", true, "server"],
    [503, "system", true, "server"],
    [529, "system", true, "server"],
  ] as const)("maps HTTP %i to kind %s, retryable %s", (status, kind, retryable, code) => {
    const error = toProviderError(apiError(status, { "x-request-id": "req_abc" }), ctx) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe(kind);
    expect(error.isRetryable).toBe(retryable);
    expect(error.code).toBe(code);
    expect(error.statusCode).toBe(status);
    expect(error.requestId).toBe("req_abc");
  });

  it("names the env var on auth errors and never repeats the key", () => {
    const error = toProviderError(
      apiError(401, {}, "Incorrect API key provided: sk-secret-value-123456"),
      ctx,
    );
    expect(error.message).toContain("OPENAI_API_KEY");
    expect(error.message).not.toContain("sk-secret-value-123456");
    expect(String((error.cause as Error).message)).not.toContain("sk-secret-value-123456");
  });

  it("reads Retry-After in milliseconds, seconds and as a date", () => {
    const ms = toProviderError(
      apiError(429, { "retry-after-ms": "250", "retry-after": "9" }),
      ctx,
    ) as ProviderError;
    expect(ms.retryAfterMs).toBe(250);
    const seconds = toProviderError(apiError(503, { "retry-after": "2" }), ctx) as ProviderError;
    expect(seconds.retryAfterMs).toBe(2000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(readRetryAfterMs({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, now)).toBe(5000);
    expect(readRetryAfterMs({})).toBeUndefined();
  });

  it("maps timeouts and dropped connections as retryable, aborts as not", () => {
    const timeout = toProviderError(new APIConnectionTimeoutError(), ctx) as ProviderError;
    expect([timeout.code, timeout.isRetryable, timeout.kind]).toEqual(["timeout", true, "system"]);
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const conn = toProviderError(new APIConnectionError({ cause: reset }), ctx) as ProviderError;
    expect([conn.code, conn.isRetryable]).toEqual(["connection", true]);
    const bare = toProviderError(reset, ctx) as ProviderError;
    expect([bare.code, bare.isRetryable]).toEqual(["connection", true]);
    const abort = toProviderError(new APIUserAbortError(), ctx) as ProviderError;
    expect([abort.code, abort.isRetryable]).toEqual(["aborted", false]);
  });

  it("passes our own errors through unchanged", () => {
    const own = new ModelOutputError("bad", "raw");
    expect(toProviderError(own, ctx)).toBe(own);
  });

  it("redacts known secrets and key-shaped strings", () => {
    expect(redactSecrets("key my-secret-abc and sk-proj-ABCDEFGH12345", ["my-secret-abc"])).toBe(
      "key [redacted] and [redacted]",
    );
  });

  it("redacts fragments of a known key and the masked forms providers print, not ordinary words", () => {
    const key = "sk-proj-Zx81mQ4vT0pLr7Wq7Z";
    const openaiBody =
      "Incorrect API key provided: sk-proj-********************Wq7Z. You can find your API key at https://platform.openai.com/account/api-keys.";
    expect(redactSecrets(openaiBody, [key])).toBe(
      "Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.",
    );
    expect(redactSecrets("the key ending ...Wq7Z was revoked", [key])).toBe(
      "the key ending ...[redacted] was revoked",
    );
    expect(redactSecrets("unknown token xT0pLr7-y for project p", [key])).toBe(
      "unknown token [redacted] for project p",
    );
    // Masked keys are recognised by their form, whichever key they belong to.
    expect(redactSecrets("keys sk-abc1...wxyz and ****wxyz and sk-\u2026wxyz")).toBe(
      "keys [redacted] and [redacted] and [redacted]",
    );
    // The public prefix is no fragment, and ordinary text stays readable.
    const plain = "Check the request (model, messages, tools) of project proj-1 at sk-level.";
    expect(redactSecrets(plain, [key])).toBe(plain);
    // A placeholder that is no real key (letters only) redacts only itself.
    expect(redactSecrets("a replayed run needs no key: replay-needs-no-key", ["replay-needs-no-key"])).toBe(
      "a replayed run needs no key: [redacted]",
    );
  });

  it("redacts a fragment of the key that a provider error body echoes", () => {
    const key = "sk-proj-Zx81mQ4vT0pLr7Wq7Z";
    const error = toProviderError(apiError(401, {}, "Incorrect API key provided: sk-proj-****Wq7Z"), {
      ...ctx,
      secrets: [key],
    });
    expect(error.message).toContain("OPENAI_API_KEY");
    expect(error.message).not.toContain("Wq7Z");
    expect(error.message).not.toContain("****");
    const cause = error.cause as Error;
    expect(`${cause.message}\n${cause.stack}`).not.toContain("Wq7Z");
  });
});

describe("provider errors through the real clients", () => {
  it("openai: a refused connection is retryable", async () => {
    const server = await startOpenAIServer([]);
    const baseURL = server.baseURL;
    await server.close();
    const model = createOpenAIModel({ model: "gpt-4o-mini", apiKey: "sk-x-12345678", baseURL, env: {} });
    const error = (await model
      .generate({ messages: [{ role: "user", content: "hi" }] })
      .catch((e) => e)) as ProviderError;
    expect(error.code).toBe("connection");
    expect(error.isRetryable).toBe(true);
  });

  it("anthropic: 401 names ANTHROPIC_API_KEY, keeps the request id, hides the key", async () => {
    const key = "sk-ant-never-show-me-0000";
    const server = await startAnthropicServer([
      { error: { status: 401, message: `invalid x-api-key ${key}` } },
    ]);
    try {
      const model = createAnthropicModel({
        model: "claude-haiku-4-5",
        apiKey: key,
        baseURL: server.baseURL,
        env: {},
      });
      const error = (await model
        .generate({ messages: [{ role: "user", content: "hi" }] })
        .catch((e) => e)) as ProviderError;
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.kind).toBe("user");
      expect(error.message).toContain("ANTHROPIC_API_KEY");
      expect(error.message).not.toContain(key);
      expect(error.requestId).toBe("req_stub_000001");
      // The key did reach the server (this SDK version sends it as a bearer token).
      const sent = server.requests[0]?.headers;
      expect(`${sent?.authorization ?? ""} ${sent?.["x-api-key"] ?? ""}`).toContain(key);
    } finally {
      await server.close();
    }
  });

  it("openai: malformed tool-call JSON stays on the call (argumentsError, rawArguments), not an error", async () => {
    const server = await startOpenAIServer([
      {
        toolCalls: [
          { id: "bad", name: "f", arguments: '{"a": 1, "b": ' },
          { id: "list", name: "f", arguments: "[1, 2]" },
          { id: "good", name: "f", arguments: "{'a': 1,}" },
        ],
      },
    ]);
    try {
      const model = createOpenAIModel({
        model: "gpt-4o-mini",
        apiKey: "k",
        baseURL: server.baseURL,
        env: {},
      });
      const response = await model.generate({
        messages: [{ role: "user", content: "hi" }],
        tools: [{ name: "f", parameters: {} }],
      });
      expect(response.finishReason).toBe("tool_calls");
      const [bad, list, good] = response.toolCalls;
      expect(bad).toMatchObject({ id: "bad", name: "f", arguments: {}, rawArguments: '{"a": 1, "b": ' });
      expect(bad?.argumentsError).toMatch(/JSON/);
      expect(list).toMatchObject({
        argumentsError: "expected a JSON object, got an array",
        rawArguments: "[1, 2]",
      });
      // Repairable output is repaired, not reported.
      expect(good).toEqual({ id: "good", name: "f", arguments: { a: 1 } });
    } finally {
      await server.close();
    }
  });

  it("openai: missing key without a base URL is a UserError naming OPENAI_API_KEY", () => {
    expect(() => createOpenAIModel({ model: "gpt-4o", env: {} })).toThrow(UserError);
    expect(() => createOpenAIModel({ model: "gpt-4o", env: {} })).toThrow(/OPENAI_API_KEY/);
  });
});
