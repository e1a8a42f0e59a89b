import { describe, expect, it } from "vitest";
import { HyperagentsError } from "../../../sdk/errors.js";
import { ALPHABET } from "../types.js";
import { createTokenizer, EOS, PAD } from "./tokenizer.js";

describe("createTokenizer", () => {
  it("round-trips every character of the programs' alphabet", () => {
    const tokenizer = createTokenizer({ texts: [ALPHABET] });
    const text = 'function blorp(x) { x = (x * 7) % 100; return x; } blorp(42) = 94 "abc"';
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
    expect(tokenizer.vocabSize).toBe(new Set(ALPHABET).size + 2);
  });

  it("gives the same ids whatever the texts' order, and rebuilds from its saved characters", () => {
    const a = createTokenizer({ texts: ["zab", "c"] });
    const b = createTokenizer({ texts: ["c", "baz"] });
    expect(a.encode("abcz")).toEqual(b.encode("abcz"));
    expect(createTokenizer({ chars: a.chars }).encode("abcz")).toEqual(a.encode("abcz"));
  });

  it("stops decoding at EOS, skips padding, and names an unknown character", () => {
    const tokenizer = createTokenizer({ texts: ["ab"] });
    const [a, b] = tokenizer.encode("ab");
    expect(tokenizer.decode([PAD, a!, b!, EOS, a!])).toBe("ab");
    let caught: unknown;
    try {
      tokenizer.encode("abc");
    } catch (err) {
      caught = err;
    }
    expect(HyperagentsError.is(caught) && caught.kind).toBe("user");
    expect(String(caught)).toMatch(/"c" is not in the model's vocabulary/);
  });
});
