import { describe, expect, it } from "vitest";
import { seededRandom } from "../../sdk/internal/random.js";
import {
  ALPHABET,
  allPrograms,
  demoInputs,
  execute,
  fillPointer,
  formatValue,
  makeSplits,
  POINTER_TEMPLATES,
  type Program,
  programFromSpec,
  skewedLetters,
  type Value,
} from "./programs.js";

const SIZES = { withIo: 40, sourceOnly: 12, compositions: 10 };

/** Runs a program's source as real JavaScript, its parts' sources defined first. */
function runSource(program: Program, input: Value): unknown {
  const parts = program.parts ?? [];
  const body = `${parts.map((part) => part.source).join("\n")}\n${program.source}\nreturn ${program.name}(arg);`;
  return new Function("arg", body)(input);
}

describe("pbb programs", () => {
  const splits = makeSplits(7, SIZES);
  const programs = allPrograms(splits);

  it("is deterministic in its seed and varies with it", () => {
    const again = makeSplits(7, SIZES);
    expect(allPrograms(again).map((p) => [p.id, p.name, p.source])).toEqual(
      programs.map((p) => [p.id, p.name, p.source]),
    );
    expect(again.inputs).toEqual(splits.inputs);
    expect(allPrograms(makeSplits(8, SIZES)).map((p) => p.source)).not.toEqual(programs.map((p) => p.source));
  });

  it("has the requested sizes, a cipher share, unique ids and names", () => {
    expect([splits.withIo.length, splits.sourceOnly.length, splits.compositions.length]).toEqual([
      40, 12, 10,
    ]);
    expect(splits.withIo.filter((p) => p.domain === "word")).toHaveLength(10);
    expect(splits.sourceOnly.filter((p) => p.domain === "word")).toHaveLength(3);
    expect(new Set(programs.map((p) => p.id)).size).toBe(programs.length);
    expect(new Set(programs.map((p) => p.name)).size).toBe(programs.length);
    for (const p of programs) expect(p.name).toMatch(/^[a-z]{4,}$/);
  });

  it("writes names, sources, English and values in the small alphabet", () => {
    const used = new Set<string>();
    for (const p of programs) {
      const { train, heldOut } = splits.inputs[p.id]!;
      const values = [...train, ...heldOut].flatMap((x) => [formatValue(x), formatValue(execute(p, x))]);
      for (const text of [p.name, p.source, p.english, ...values, ...POINTER_TEMPLATES]) {
        for (const char of text) used.add(char);
      }
    }
    expect([...used].filter((char) => !ALPHABET.includes(char))).toEqual([]);
    expect(used.size).toBeGreaterThan(50);
  });

  it("has sources that are real JavaScript computing exactly the gold outputs", () => {
    for (const p of programs) {
      const { train, heldOut } = splits.inputs[p.id]!;
      for (const x of [...train, ...heldOut]) expect(runSource(p, x)).toEqual(execute(p, x));
    }
  });

  it("keeps arithmetic in 2-6 steps with outputs in 0-99, and ciphers length-preserving", () => {
    const kinds = new Set(programs.map((p) => p.kind));
    expect([...kinds].sort()).toEqual(["arithmetic", "composition", "shift", "substitution"]);
    for (const p of programs.filter((q) => q.kind === "arithmetic")) {
      if (p.spec.kind !== "arithmetic") throw new Error("spec mismatch");
      expect(p.spec.steps.length).toBeGreaterThanOrEqual(2);
      expect(p.spec.steps.length).toBeLessThanOrEqual(6);
      const outputs = Array.from({ length: 100 }, (_, x) => execute(p, x) as number);
      expect(outputs.every((y) => Number.isInteger(y) && y >= 0 && y <= 99)).toBe(true);
      expect(new Set(outputs).size).toBeGreaterThanOrEqual(5);
    }
    for (const p of programs.filter((q) => q.domain === "word")) {
      expect((execute(p, "hello") as string).length).toBe(5);
    }
    expect(() => execute(splits.withIo.find((p) => p.domain === "number")!, 100)).toThrow(RangeError);
    expect(() => execute(splits.withIo.find((p) => p.domain === "word")!, "Abc")).toThrow(RangeError);
  });

  it("splits inputs into disjoint training and held-out sets", () => {
    for (const p of programs) {
      const { train, heldOut } = splits.inputs[p.id]!;
      expect(heldOut).toHaveLength(20);
      expect(train).toHaveLength(80);
      expect(heldOut.filter((x) => train.includes(x))).toEqual([]);
    }
  });

  it("composes two same-domain base programs and rebuilds any program from its spec", () => {
    const byId = new Map(programs.map((p) => [p.id, p]));
    for (const k of splits.compositions) {
      const [inner, outer] = k.parts!;
      expect(inner.domain).toBe(outer.domain);
      const x = splits.inputs[k.id]!.heldOut[0]!;
      expect(execute(k, x)).toEqual(execute(outer, execute(inner, x)));
      expect(k.source).toContain(`${outer.name}(${inner.name}(`);
    }
    for (const p of programs) {
      const copy = programFromSpec(p.id, p.name, p.spec, (id) => byId.get(id)!);
      expect([copy.source, copy.english]).toEqual([p.source, p.english]);
      const x = splits.inputs[p.id]!.heldOut[3]!;
      expect(execute(copy, x)).toEqual(execute(p, x));
    }
  });

  it("draws uniform and skewed demonstrations", () => {
    const cipher = splits.withIo.find((p) => p.domain === "word")!;
    const skewed = demoInputs(cipher, 16, "skewed", seededRandom(1));
    const letters = new Set(skewedLetters(cipher));
    expect(skewed).toHaveLength(16);
    expect(skewed.every((w) => [...(w as string)].every((c) => letters.has(c)))).toBe(true);
    const numbers = splits.withIo.find((p) => p.domain === "number")!;
    const uniform = demoInputs(numbers, 64, "uniform", seededRandom(2), [0, 1, 2]);
    expect(new Set(uniform).size).toBe(64);
    expect(uniform.some((x) => x === 0 || x === 1 || x === 2)).toBe(false);
    const narrow = demoInputs(numbers, 8, "skewed", seededRandom(3)) as number[];
    expect(Math.max(...narrow) - Math.min(...narrow)).toBeLessThan(10);
  });

  it("has at least 20 distinct pointer templates naming the program but never its source", () => {
    expect(new Set(POINTER_TEMPLATES).size).toBeGreaterThanOrEqual(20);
    for (const template of POINTER_TEMPLATES) {
      expect(template).toContain("{name}");
      expect(template).toContain("{input}");
      expect(fillPointer(template, "brolaz", "42")).not.toContain("{");
    }
  });
});
