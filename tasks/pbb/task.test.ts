import { describe, expect, it } from "vitest";
import { CONDITIONS, conditionLabel } from "./conditions.js";
import { pbbFigures } from "./figures.js";
import { buildInstances, PBB_SPLIT_COUNTS } from "./instances.js";
import { exactMatch, wilsonInterval } from "./score.js";
import { pbbTask } from "./task.js";

type Input = {
  condition: { representation: string; exposure: string; k: number; mode: string };
  program?: string[];
  demonstrations?: { input: unknown; output: unknown }[];
  question: string;
  input: number | string;
  instructions: string;
};

describe("pbb task instances", () => {
  it("has the split counts the task list states, unique ids, and is deterministic", async () => {
    for (const split of pbbTask.splits) {
      const instances = await pbbTask.instances(split);
      expect(instances).toHaveLength(PBB_SPLIT_COUNTS[split]);
      expect(new Set(instances.map((i) => i.id)).size).toBe(instances.length);
    }
    expect(buildInstances("val")).toEqual(await pbbTask.instances("val"));
    expect(CONDITIONS).toHaveLength(28);
    expect(new Set(CONDITIONS.map(conditionLabel)).size).toBe(28);
  });

  it("poses every program under every condition, without its answer, demos never on the asked input", async () => {
    const instances = await pbbTask.instances("test");
    const kinds = new Set(instances.map((i) => (i.hidden as { kind: string }).kind));
    expect(kinds.has("arithmetic") && kinds.has("composition")).toBe(true);
    expect(kinds.has("shift") || kinds.has("substitution")).toBe(true);
    for (const instance of instances) {
      const input = instance.input as Input;
      const hidden = instance.hidden as { gold: unknown; condition: string };
      expect(conditionLabel(input.condition as never)).toBe(hidden.condition);
      expect(input.question).toContain(JSON.stringify(input.input));
      expect(input.program === undefined).toBe(input.condition.exposure === "demos");
      expect(input.demonstrations?.length ?? 0).toBe(input.condition.k);
      expect(input.demonstrations?.some((d) => d.input === input.input) ?? false).toBe(false);
      expect(input.instructions).toMatch(input.condition.mode === "cot" ? /step by step/ : /directly/);
      if (input.condition.representation === "code") expect(input.program?.at(-1)).toMatch(/^function /);
      if (input.condition.representation === "english")
        expect(input.program?.join(" ")).not.toMatch(/function|=/);
    }
    const byProgram = new Map<string, number>();
    for (const i of instances) {
      const id = (i.hidden as { programId: string }).programId;
      byProgram.set(id, (byProgram.get(id) ?? 0) + 1);
    }
    expect([...byProgram.values()].every((n) => n === 28)).toBe(true);
  });
});

describe("pbb scoring", () => {
  it("matches exactly, tolerating a quoted number and spaces, and names what failed", () => {
    expect(exactMatch(42, 42)).toEqual({ correct: true });
    expect(exactMatch(" 42", 42)).toEqual({ correct: true });
    expect(exactMatch(41, 42)).toEqual({ correct: false });
    expect(exactMatch("42.0", 42)).toEqual({ correct: false });
    expect(exactMatch("khoor ", "khoor")).toEqual({ correct: true });
    expect(exactMatch("Khoor", "khoor")).toEqual({ correct: false });
    expect(exactMatch({ output: 42 }, 42).error).toMatch(/expected a number/);
    expect(exactMatch(["khoor"], "khoor").error).toMatch(/expected a string/);
    expect(exactMatch({ error: "no JSON in the reply" }, 42).error).toMatch(/agent failed: no JSON/);
  });

  it("gives a Wilson interval that stays inside [0, 1] and narrows with n", () => {
    const [low0, high0] = wilsonInterval(0, 10);
    expect(low0).toBe(0);
    expect(high0).toBeCloseTo(0.2775, 3);
    const [low, high] = wilsonInterval(5, 10);
    expect(low).toBeCloseTo(0.2366, 3);
    expect(high).toBeCloseTo(0.7634, 3);
    const [lowWide, highWide] = wilsonInterval(50, 100);
    expect(highWide - lowWide).toBeLessThan(high - low);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it("reports exact match per condition and the k at which demos alone reach the code alone", () => {
    const results = [
      ...[1, 1, 0, 1].map((score, i) => ({
        instanceId: `s${i}`,
        score,
        details: { condition: "code/cot/source" },
      })),
      ...[0, 0, 0, 1].map((score, i) => ({
        instanceId: `d1${i}`,
        score,
        details: { condition: "demos/cot/1" },
      })),
      ...[1, 1, 1, 0].map((score, i) => ({
        instanceId: `d16${i}`,
        score,
        details: { condition: "demos/cot/16" },
      })),
      ...[1, 1, 1, 1].map((score, i) => ({
        instanceId: `b${i}`,
        score,
        details: { condition: "code/cot/source+16" },
      })),
      ...[0, 0].map((score, i) => ({ instanceId: `x${i}`, score, details: { condition: "demos/direct/4" } })),
      ...[1, 0].map((score, i) => ({
        instanceId: `y${i}`,
        score,
        details: { condition: "code/direct/source" },
      })),
      { instanceId: "none", score: 1, details: null },
    ];
    const figures = pbbFigures(results);
    const source = figures.find((f) => f.label === "code/cot/source")!;
    expect(source).toMatchObject({ value: 0.75, headline: true, unit: "exact match, n = 4" });
    expect(source.extra!.low).toBeLessThan(0.75);
    expect(source.extra!.high).toBeGreaterThan(0.75);
    const cot = figures.find((f) => f.label === "one instruction ≈ k examples (cot)")!;
    expect(cot.value).toBe(16);
    expect(cot.extra).toMatchObject({ "code alone": 0.75, "k=1": 0.25, "k=16": 0.75, "source+k=16": 1 });
    const direct = figures.find((f) => f.label === "one instruction ≈ k examples (direct)")!;
    expect(direct.value).toBe(128);
    expect(direct.note).toMatch(/not reached by k = 64/);
  });
});
