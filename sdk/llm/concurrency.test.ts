import { describe, expect, it } from "vitest";
import { scriptedModel } from "../testing/scripted-model.js";
import { createLimiter, withConcurrency } from "./concurrency.js";
import type { ChatResponse } from "./types.js";

const req = { messages: [{ role: "user" as const, content: "hi" }] };

function slowModel(id: string, state: { active: number; peak: number }) {
  const reply = async (): Promise<Partial<ChatResponse>> => {
    state.active++;
    state.peak = Math.max(state.peak, state.active);
    await new Promise((r) => setTimeout(r, 10));
    state.active--;
    return { text: id };
  };
  return scriptedModel(
    Array.from({ length: 20 }, () => reply),
    { id },
  );
}

describe("withConcurrency", () => {
  it("keeps at most `limit` calls in flight", async () => {
    const state = { active: 0, peak: 0 };
    const model = withConcurrency(slowModel("a", state), 3);
    const results = await Promise.all(Array.from({ length: 12 }, () => model.generate(req)));
    expect(results.map((r) => r.text)).toEqual(Array(12).fill("a"));
    expect(state.peak).toBe(3);
  });

  it("shares one limiter across models", async () => {
    const state = { active: 0, peak: 0 };
    const limiter = createLimiter(2);
    const a = withConcurrency(slowModel("a", state), limiter);
    const b = withConcurrency(slowModel("b", state), limiter);
    await Promise.all([a, b, a, b, a, b, a, b].map((m) => m.generate(req)));
    expect(state.peak).toBe(2);
    expect(limiter.active).toBe(0);
  });

  it("drops a queued call when its signal aborts", async () => {
    const state = { active: 0, peak: 0 };
    const limiter = createLimiter(1);
    const model = withConcurrency(slowModel("a", state), limiter);
    const controller = new AbortController();
    const first = model.generate(req);
    const second = model.generate({ ...req, signal: controller.signal });
    expect(limiter.pending).toBe(1);
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: "aborted" });
    expect(limiter.pending).toBe(0);
    await expect(first).resolves.toMatchObject({ text: "a" });
  });

  it("rejects a non-positive limit", () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
