import { describe, expect, it } from "vitest";
import { scriptedModel } from "../sdk/testing/scripted-model.js";
import { type CapabilityState, createCapabilityHost } from "./capability-host.js";
import { createFileEditor } from "./file-editor.js";

function host(extra: { maxToolCalls?: number } = {}) {
  const state: CapabilityState = { ended: false, toolCalls: 0, inFlight: 0, filesInFlight: 0 };
  const limits: string[] = [];
  const model = scriptedModel([{ text: "one" }, { text: "two" }]);
  const capabilities = createCapabilityHost({
    model,
    editor: createFileEditor({ root: "/nonexistent-hyperagents-root" }),
    maxToolCalls: extra.maxToolCalls ?? 10,
    maxArgumentChars: 100,
    state,
    signal: new AbortController().signal,
    onLimit: (message) => limits.push(message),
    onSettled: () => undefined,
  });
  return { capabilities, state, limits, model };
}

describe("the host side of ctx.llm and ctx.files", () => {
  it("refuses an oversized argument by its length, before parsing it", async () => {
    const { capabilities, model } = host();
    // Not even JSON: a parse would fail differently; the length check answers first.
    expect(await capabilities.llm("{".repeat(1_000))).toMatch(
      /^error\nctx\.llm\.generate: .*maxArgumentChars \(100\)/,
    );
    expect(await capabilities.files("create", "[".repeat(1_000))).toMatch(
      /^Error: ctx\.files\.create: .*maxArgumentChars/,
    );
    expect(model.requests).toHaveLength(0);
  });

  it("answers every call with a string, never a rejection: past the cap, after the end, on a model error", async () => {
    const { capabilities, state, limits } = host({ maxToolCalls: 1 });
    const request = JSON.stringify({ messages: [] });
    expect(await capabilities.llm(request)).toMatch(/^ok\n/);
    expect(await capabilities.llm(request)).toMatch(/^error\nThe program exceeded maxToolCalls \(1/);
    expect(limits).toHaveLength(1);
    state.ended = true;
    expect(await capabilities.llm(request)).toMatch(/^error\nthe run has ended/);
    expect(await capabilities.files("list", "[]")).toMatch(/^Error: the run has ended/);
  });
});
