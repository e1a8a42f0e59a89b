import { describe, expect, it } from "vitest";
import { ModelOutputError } from "../errors.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { ProviderError } from "./errors.js";
import { withRetry } from "./retry.js";

const req = { messages: [{ role: "user" as const, content: "hi" }] };
const rateLimited = (retryAfterMs?: number) =>
  new ProviderError("429", {
    provider: "test",
    kind: "system",
    code: "rate_limit",
    statusCode: 429,
    retryable: true,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe("withRetry", () => {
  it("backs off exponentially with full jitter", async () => {
    const inner = scriptedModel([rateLimited(), rateLimited(), rateLimited(), { text: "ok" }]);
    const waits: number[] = [];
    const model = withRetry(inner, {
      baseDelayMs: 100,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect((await model.generate(req)).text).toBe("ok");
    expect(waits).toEqual([50, 100, 200]);
    expect(inner.requests).toHaveLength(4);
  });

  it("caps each wait at maxDelayMs", async () => {
    const waits: number[] = [];
    const model = withRetry(scriptedModel([rateLimited(), rateLimited(), { text: "ok" }]), {
      baseDelayMs: 1000,
      maxDelayMs: 1500,
      random: () => 1,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await model.generate(req);
    expect(waits).toEqual([1000, 1500]);
  });

  it("gives up after maxRetries with the last error", async () => {
    const inner = scriptedModel([rateLimited(), rateLimited(), rateLimited()]);
    const model = withRetry(inner, { maxRetries: 2, sleep: async () => {} });
    await expect(model.generate(req)).rejects.toBeInstanceOf(ProviderError);
    expect(inner.requests).toHaveLength(3);
  });

  it("fails at once on a non-retryable error", async () => {
    const inner = scriptedModel([new ModelOutputError("bad", "raw"), { text: "never" }]);
    await expect(withRetry(inner, { sleep: async () => {} }).generate(req)).rejects.toBeInstanceOf(
      ModelOutputError,
    );
    expect(inner.requests).toHaveLength(1);
  });

  it("does not wait longer than maxDelayMs for a Retry-After", async () => {
    const inner = scriptedModel([rateLimited(120_000), { text: "never" }]);
    const model = withRetry(inner, { maxDelayMs: 10_000, sleep: async () => {} });
    await expect(model.generate(req)).rejects.toMatchObject({ retryAfterMs: 120_000 });
    expect(inner.requests).toHaveLength(1);
  });

  it("stops waiting when the signal aborts", async () => {
    const controller = new AbortController();
    const inner = scriptedModel([rateLimited(5_000), { text: "never" }]);
    const pending = withRetry(inner).generate({ ...req, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    await expect(pending).rejects.toMatchObject({ code: "aborted" });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(inner.requests).toHaveLength(1);
  });
});
