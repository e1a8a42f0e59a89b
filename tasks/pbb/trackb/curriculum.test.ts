import { describe, expect, it } from "vitest";
import { HyperagentsError } from "../../../sdk/errors.js";
import { seededRandom } from "../../../sdk/internal/random.js";
import { makeSplits } from "../programs.js";
import { allTexts, curriculum, declaration, executionPrompt, inputsOf, trackBData } from "./curriculum.js";
import { createTokenizer } from "./tokenizer.js";
import { sampleTexts } from "./train.js";

const data = trackBData(makeSplits(5, { withIo: 6, sourceOnly: 3, compositions: 0, cipherFraction: 0.34 }));
const schedule = { stage1Steps: 10, stage2Steps: 5 };
const texts = (name: Parameters<typeof curriculum>[0]) =>
  curriculum(name, data, schedule).flatMap((stage) => stage.pools.flatMap((pool) => pool.texts));

describe("Track B curricula", () => {
  it("proactive: stage 1 is source and I/O of the I/O programs, stage 2 adds the source-only programs' source", () => {
    const [stage1, stage2] = curriculum("proactive", data, schedule);
    expect(stage1!.name).toBe("source-stage1");
    expect(stage1!.steps + stage2!.steps).toBe(15);
    const s1 = stage1!.pools.flatMap((pool) => pool.texts);
    for (const p of data.io) expect(s1).toContain(declaration(p, "source"));
    for (const p of data.sourceOnly) expect(s1.join("\n")).not.toContain(p.name);
    const fresh = stage2!.pools[0]!.texts;
    expect(fresh).toEqual(data.sourceOnly.map((p) => declaration(p, "source")));
  });

  it("never trains an execution of a held-out input or of a source-only program (except io-K's K demos)", () => {
    const all = ["proactive", "english", "stage1-only", "stage2-only", "io-4"].flatMap((n) =>
      texts(n as never),
    );
    for (const p of [...data.io, ...data.sourceOnly]) {
      for (const x of inputsOf(data, p, "heldOut"))
        expect(all).not.toContain(expect.stringContaining(executionPrompt(p, x)));
    }
    const sourceOnlyRuns = (n: string) =>
      texts(n as never).filter((t) => data.sourceOnly.some((p) => t.startsWith(`${p.name}(`)));
    expect(sourceOnlyRuns("proactive")).toEqual([]);
    expect(new Set(sourceOnlyRuns("io-4")).size).toBe(4 * data.sourceOnly.length);
  });

  it("english replaces every source by its description; stage 2 only has no executions at all", () => {
    for (const p of [...data.io, ...data.sourceOnly])
      expect(texts("english").join("\n")).not.toContain(p.source);
    expect(texts("english")).toContain(declaration(data.sourceOnly[0]!, "english"));
    expect(texts("stage2-only").every((t) => !t.includes(") = "))).toBe(true);
    expect(curriculum("stage1-only", data, schedule).map((s) => s.name)).toEqual([
      "source-stage1",
      "source-stage1-more",
    ]);
  });

  it("names a bad curriculum, covers every character in its tokenizer, samples deterministically", () => {
    let caught: unknown;
    try {
      curriculum("io-0" as never, data, schedule);
    } catch (err) {
      caught = err;
    }
    expect(HyperagentsError.is(caught) && caught.kind).toBe("user");
    const tokenizer = createTokenizer({ texts: allTexts(data) });
    for (const text of texts("io-16")) expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
    const stage = curriculum("proactive", data, schedule)[1]!;
    expect(sampleTexts(stage, 8, seededRandom(1))).toEqual(sampleTexts(stage, 8, seededRandom(1)));
  });
});
