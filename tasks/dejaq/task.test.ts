/**
 * The `dejaq` evolution task: instances hand the agent a parent (never the recipe or a
 * seed); the host rebuilds the child, checks it exactly and scores 4·p(1 − p) for the fixed
 * student; invalid children score 0 with the reason. The default student is the real frozen
 * learner (TF.js) and gives the same estimate for the same problem.
 */
import { describe, expect, it } from "vitest";
import type { AgentFn, JsonValue, TaskInstance } from "../task.js";
import { formatExpr, type Problem } from "./problem.js";
import { createDejaqTask, DEJAQ_INSTANCES, frozenLearnerRate } from "./task.js";

interface ParentIn {
  setting: string;
  body: string[];
  question: string;
  formula: string;
  quantities: Record<string, number>;
  answer: number;
}

const replying =
  (make: (parent: ParentIn) => unknown): AgentFn =>
  async (input) => ({ ok: true, value: make((input as unknown as { parent: ParentIn }).parent) });

const distractor = (parent: ParentIn) => ({
  ...parent,
  mutator: "distractor",
  body: ["Ines is 977 years old.", ...parent.body],
});

const task = createDejaqTask({ student: async () => () => 0.5, instances: { train: 4, val: 2, test: 4 } });

async function first(): Promise<TaskInstance> {
  return (await task.instances("train"))[0]!;
}

describe("the dejaq task", () => {
  it("hands the agent the parent's text, formula and quantities, not its recipe", async () => {
    const all = await createDejaqTask({ student: async () => () => 0.5 }).instances("train");
    expect(all).toHaveLength(DEJAQ_INSTANCES.train);
    const instance = all[0]!;
    const input = instance.input as unknown as {
      parent: ParentIn & { recipe?: unknown };
      archive: { size: number };
    };
    const parent = (instance.hidden as unknown as { parent: Problem }).parent;
    expect(input.parent.formula).toBe(formatExpr(parent.program.expr));
    expect(input.parent.recipe).toBeUndefined();
    expect(input.archive.size).toBeGreaterThan(50);
    expect(new Set(all.map((i) => JSON.stringify(i.input))).size).toBe(all.length);
    expect(task.scaffolds).toEqual({ model: "initial", offline: "dejaq-offline" });
  });

  it("scores a valid contextual child by the student's learnability", async () => {
    const result = await task.evaluate(await first(), { agent: replying(distractor), seed: 0 });
    expect(result.error).toBeUndefined();
    expect(result.score).toBe(1);
    expect(result.details).toMatchObject({ valid: true, mutator: "distractor", p: 0.5 });
  });

  it("a symbolic child restates the program and its answer", async () => {
    const agent = replying((parent) => ({
      ...parent,
      mutator: "symbolic",
      question: `${parent.question} Then 3 more are added. What is the result?`,
      formula: `(${parent.formula}) + extra`,
      quantities: { ...parent.quantities, extra: 3 },
      answer: parent.answer + 3,
    }));
    const result = await task.evaluate(await first(), { agent, seed: 0 });
    expect(result).toMatchObject({ score: 1, details: { valid: true, mutator: "symbolic" } });
  });

  it("invalid children score 0 and say why", async () => {
    const instance = await first();
    const cases: [string, (parent: ParentIn) => unknown, RegExp][] = [
      [
        "wrong claimed answer",
        (p) => ({ ...distractor(p), mutator: "symbolic", answer: p.answer + 1 }),
        /claimed answer/,
      ],
      [
        "contextual with a changed program",
        (p) => ({ ...distractor(p), formula: `(${p.formula}) * 1` }),
        /changed the program/,
      ],
      ["unchanged text", (p) => ({ ...p, mutator: "setting" }), /nothing new/],
      [
        "a quantity missing from the text",
        (p) => ({
          ...p,
          mutator: "symbolic",
          formula: `(${p.formula}) + hidden`,
          quantities: { ...p.quantities, hidden: 4321 },
          answer: p.answer + 4321,
          question: `${p.question} And then?`,
        }),
        /not in the text/,
      ],
      [
        "an unknown name",
        (p) => ({ ...distractor(p), mutator: "symbolic", formula: "nope + 1" }),
        /not a given quantity/,
      ],
      ["no mutator", (p) => ({ ...p, mutator: "rewrite" }), /mutator must be/],
      ["the agent's error", () => ({ error: "gave up" }), /gave up/],
    ];
    for (const [name, make, reason] of cases) {
      const result = await task.evaluate(instance, { agent: replying(make), seed: 0 });
      expect(result.score, name).toBe(0);
      expect(result.error, name).toMatch(reason);
    }
    const failed = await task.evaluate(instance, {
      agent: async () => ({ ok: false, error: "timeout" }),
      seed: 0,
    });
    expect(failed).toMatchObject({ score: 0, error: "timeout" });
  });

  it("figures: validity, learnable mass and children per mutator", () => {
    const figures = task.figures!([
      { instanceId: "a", score: 1, details: { valid: true, mutator: "distractor", p: 0.5 } },
      { instanceId: "b", score: 0, details: { valid: false, mutator: "symbolic" } },
    ]);
    expect(figures.find((f) => f.label === "valid children")?.value).toBe(0.5);
    expect(figures.find((f) => f.headline)?.value).toBe(0.5);
    expect(figures.find((f) => f.label === "symbolic children")?.extra).toEqual({ valid: 0 });
  });

  it("the default (simulated) student counts an agent's distractors from the text", async () => {
    const real = createDejaqTask({ instances: { train: 2 } });
    const instance = (await real.instances("train"))[0]!;
    const plain = await real.evaluate(instance, {
      agent: replying((p) => ({ ...p, mutator: "setting", body: [...p.body, "Nice day."] })),
      seed: 0,
    });
    const distracted = await real.evaluate(instance, { agent: replying(distractor), seed: 0 });
    const p0 = (plain.details as { p: number }).p;
    const p1 = (distracted.details as { p: number }).p;
    expect(p0).toBeGreaterThan(0);
    expect(p1).toBeLessThan(p0);
    expect(distracted.score).toBeCloseTo(4 * p1 * (1 - p1));
  });

  it("the frozen learner student: the same problem, the same estimate", async () => {
    const real = createDejaqTask({ instances: { train: 2 }, student: frozenLearnerRate });
    const instance = (await real.instances("train"))[0]!;
    const a = await real.evaluate(instance, { agent: replying(distractor), seed: 0 });
    const b = await real.evaluate(instance, { agent: replying(distractor), seed: 1 });
    const p = (a.details as { p: number }).p;
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
    expect(a.score).toBeCloseTo(4 * p * (1 - p));
    expect(b.details as { [key: string]: JsonValue }).toMatchObject({ p });
  }, 60_000);
});
