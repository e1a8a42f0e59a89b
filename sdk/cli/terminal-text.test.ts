import { describe, expect, it } from "vitest";
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
