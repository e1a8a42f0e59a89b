import { describe, expect, it } from "vitest";
import { sampleLine } from "./commands/eval.js";
import { memoryIo } from "./memory-io.js";
import { evolveProgress } from "./progress.js";
import { terminalText } from "./terminal-text.js";

describe("terminalText", () => {
  it("removes escape sequences and carriage returns, keeps newlines and tabs", () => {
    const hostile = "ok\x1b[2J\x1b[31mred\x1b[0m\x1b]0;title\x07\r\nnext\tcol\x00\x9b";
    expect(terminalText(hostile)).toBe("okred\nnext\tcol");
    expect(terminalText("a\nb\r\nc", { oneLine: true })).toBe("a b c");
  });
});

describe("evolve progress", () => {
  it("a program's reject reason reaches the terminal without control characters", () => {
    const io = memoryIo();
    const progress = evolveProgress(io);
    progress.onEvent({
      type: "child-rejected",
      generation: 1,
      nodeId: "g1c0",
      parentId: "initial",
      stage: "meta",
      reason: "threw: \x1b[2K\rfaked line\x1b[1A\nsecond",
    } as Parameters<typeof progress.onEvent>[0]);
    expect(io.err.includes("\x1b") || io.err.includes("\r")).toBe(false);
    expect(io.err).toContain("rejected at meta: threw: faked line second");
  });
});

describe("eval progress", () => {
  it("a sample's error text reaches the terminal without control characters, on one line", () => {
    const line = sampleLine("circle-packing openai:gpt-4o-mini 3/8", {
      instance: "test-n27",
      score: 0,
      error: "threw: \x1b[2K\rfaked line\x1b[1A\nsecond",
    });
    expect(line.includes("\x1b") || line.includes("\r") || line.includes("\n")).toBe(false);
    expect(line).toBe("circle-packing openai:gpt-4o-mini 3/8 test-n27: 0.0000 (threw: faked line second)");
  });
});
