import { describe, expect, it } from "vitest";
import { UserError } from "../errors.js";
import { scriptedModel } from "./scripted-model.js";

describe("scriptedModel", () => {
  it("answers in order, fills defaults, records requests", async () => {
    const model = scriptedModel([
      { text: "first" },
      { toolCalls: [{ id: "c1", name: "view", arguments: {} }] },
      (request, index) => ({ text: `saw ${request.messages.length} message(s) at #${index}` }),
    ]);
    const ask = { messages: [{ role: "user" as const, content: "q" }] };
    expect(await model.generate(ask)).toEqual({
      text: "first",
      toolCalls: [],
      usage: { inputTokens: 0, outputTokens: 0 },
      costUsd: 0,
      model: "scripted",
      finishReason: "stop",
    });
    expect((await model.generate(ask)).finishReason).toBe("tool_calls");
    expect((await model.generate(ask)).text).toBe("saw 1 message(s) at #2");
    expect(model.requests).toHaveLength(3);
    expect(model.remaining).toBe(0);
    await expect(model.generate(ask)).rejects.toBeInstanceOf(UserError);
  });

  it("throws scripted errors", async () => {
    const model = scriptedModel([new Error("network down")]);
    await expect(model.generate({ messages: [] })).rejects.toThrow("network down");
  });
});
