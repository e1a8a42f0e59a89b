import { describe, expect, it } from "vitest";
import { normaliseFinishReason } from "./content.js";

describe("normaliseFinishReason", () => {
  it("maps every provider's words into the closed vocabulary, and anything else to other", () => {
    expect(normaliseFinishReason("end_turn")).toBe("stop");
    expect(normaliseFinishReason(null)).toBe("stop");
    expect(normaliseFinishReason("tool_use")).toBe("tool_calls");
    expect(normaliseFinishReason("max_tokens")).toBe("length");
    expect(normaliseFinishReason("refusal")).toBe("content_filter");
    expect(normaliseFinishReason("pause_turn")).toBe("other");
    expect(normaliseFinishReason("some_future_reason")).toBe("other");
  });
});
