import { describe, expect, it } from "vitest";
import { checkProblem, countSteps, problemText, SETTINGS, samePrograms } from "./problem.js";
import { instantiate, problemFromRecipe, TEMPLATES, templateById } from "./templates.js";

describe("templates", () => {
  it("has at least 60 templates, unique ids, in all 8 settings, one to four steps", () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
    expect(new Set(TEMPLATES.map((t) => t.setting))).toEqual(new Set(SETTINGS));
    const steps = new Set(TEMPLATES.map((t) => countSteps(t.expr)));
    expect(Math.min(...steps)).toBe(1);
    expect(Math.max(...steps)).toBeGreaterThanOrEqual(3);
  });

  it("every template instantiates valid problems in every setting, with every slot filled", () => {
    for (const template of TEMPLATES) {
      for (const setting of SETTINGS) {
        for (const seed of [0, 1, 2]) {
          const problem = instantiate(template, seed, setting);
          expect(checkProblem(problem), `${template.id} ${setting} ${seed}`).toEqual({ ok: true });
          expect(problemText(problem)).not.toMatch(/[{}]/);
          expect(problem.question).toMatch(/\?$/);
        }
      }
    }
  });

  it("is deterministic in the seed and keeps the maths across settings", () => {
    const template = templateById("sh-03");
    expect(instantiate(template, 7)).toEqual(instantiate(template, 7));
    expect(instantiate(template, 7).program).not.toEqual(instantiate(template, 8).program);
    const farm = instantiate(template, 7, "farm");
    const school = instantiate(template, 7, "school");
    expect(samePrograms(farm.program, school.program)).toBe(true);
    expect(problemText(farm)).not.toBe(problemText(school));
  });

  it("renders composition, extra steps and distractors from a recipe, text and program together", () => {
    const base = instantiate(templateById("pl-01"), 3);
    const other = instantiate(templateById("co-02"), 4);
    const quantities: Record<string, number> = { ...base.program.quantities, k1: 2 };
    for (const [name, value] of Object.entries(other.program.quantities)) quantities[`b_${name}`] = value;
    const recipe = {
      templateId: "pl-01",
      vocabSeed: 3,
      composedWith: { templateId: "co-02", vocabSeed: 4, op: "+" as const },
      clauses: [{ op: "*" as const, quantity: "k1" }],
      distractors: [11],
    };
    const problem = problemFromRecipe(
      { id: "x", setting: "events", recipe, quantities },
      { parentId: base.id, mutator: "t" },
    );
    expect(problem.answer).toBe((base.answer + other.answer) * 2);
    expect(checkProblem(problem)).toEqual({ ok: true });
    expect(problem.body.length).toBeGreaterThan(base.body.length + other.body.length);
    expect(problem.question).toBe("Then multiply by 2. What is the result?");
  });

  it("names a template that does not exist", () => {
    expect(() => templateById("zz-99")).toThrow(/no DéjàQ template "zz-99"/);
  });
});
