import { describe, expect, it } from "vitest";
import { ModelOutputError } from "../../../sdk/errors.js";
import { seededRandom } from "../../../sdk/internal/random.js";
import { scriptedModel } from "../../../sdk/testing/scripted-model.js";
import { countSteps, formatExpr, problemText, samePrograms } from "../problem.js";
import { instantiate, TEMPLATES, templateById } from "../templates.js";
import {
  OFFLINE_MUTATORS,
  OFFLINE_OPERATIONS,
  offlineDistractor,
  offlineOperation,
  offlineSetting,
  teacherMutator,
  validateCandidate,
} from "./index.js";

const ctx = (seed: number) => ({ id: `c${seed}`, random: seededRandom(seed), summary: "" });
const parents = TEMPLATES.filter((_, i) => i % 4 === 0).map((t, i) => instantiate(t, i));

describe("offline mutators", () => {
  it("make valid candidates from every kind of parent, contextual ones keeping the program", async () => {
    for (const mutator of OFFLINE_MUTATORS) {
      let valid = 0;
      for (const [i, parent] of parents.entries()) {
        const candidate = await mutator.mutate(parent, ctx(i));
        if (!candidate) continue;
        const check = validateCandidate(candidate, parent, mutator.kind);
        expect(check, `${mutator.name} on ${parent.id}: ${problemText(candidate)}`).toEqual({ ok: true });
        expect(candidate.parentId).toBe(parent.id);
        if (mutator.kind !== "symbolic") expect(samePrograms(candidate.program, parent.program)).toBe(true);
        valid++;
      }
      // A story with no setting words ("A team scored 40 points...") has no offline setting swap.
      expect(valid, mutator.name).toBeGreaterThanOrEqual(Math.floor(parents.length * 0.7));
    }
  });

  it("each symbolic operation does what it says", async () => {
    const parent = instantiate(templateById("sh-03"), 4);
    const extra = await offlineOperation("extra-step").mutate(parent, ctx(1));
    expect(countSteps(extra!.program.expr)).toBe(countSteps(parent.program.expr) + 1);
    expect(extra!.question).toMatch(/at the end\?$/);
    const changed = await offlineOperation("operator-change").mutate(extra!, ctx(2));
    expect(changed!.recipe!.clauses[0]!.op).not.toBe(extra!.recipe!.clauses[0]!.op);
    expect(await offlineOperation("operator-change").mutate(parent, ctx(2))).toBeNull();
    const perturbed = await offlineOperation("constant-perturbation").mutate(parent, ctx(3));
    expect(formatExpr(perturbed!.program.expr)).toBe(formatExpr(parent.program.expr));
    expect(perturbed!.answer).not.toBe(parent.answer);
    const composed = await offlineOperation("composition").mutate(parent, ctx(4));
    expect(composed!.recipe!.composedWith).toBeDefined();
    expect(countSteps(composed!.program.expr)).toBeGreaterThan(countSteps(parent.program.expr));
    const swapped = await offlineOperation("template-swap").mutate(parent, ctx(5));
    expect(swapped!.recipe!.templateId).not.toBe("sh-03");
    expect(swapped!.setting).toBe(parent.setting);
    for (const candidate of [extra, changed, perturbed, composed, swapped]) {
      expect(validateCandidate(candidate!, parent, "symbolic")).toEqual({ ok: true });
    }
    expect(OFFLINE_OPERATIONS).toHaveLength(5);
    expect(() => offlineOperation("nope")).toThrow(/unknown offline operation/);
  });

  it("setting keeps the program and changes the words; distractor adds a sentence, at most three", async () => {
    const parent = instantiate(templateById("fa-01"), 2);
    const moved = await offlineSetting.mutate(parent, ctx(1));
    expect(moved!.setting).not.toBe(parent.setting);
    expect(problemText(moved!)).not.toBe(problemText(parent));
    let current = parent;
    for (let i = 0; i < 3; i++) {
      const next = await offlineDistractor.mutate(current, ctx(10 + i));
      expect(next!.body.length).toBe(current.body.length + 1);
      current = next!;
    }
    expect(await offlineDistractor.mutate(current, ctx(20))).toBeNull();
  });
});

describe("teacher mutators", () => {
  const parent = instantiate(templateById("sh-01"), 1);
  const [n, p] = [parent.program.quantities.n, parent.program.quantities.p];
  const reply = (json: unknown) => ({ text: `Here you go:\n\`\`\`json\n${JSON.stringify(json)}\n\`\`\`` });

  it("accepts a symbolic problem whose program executes to the answer it claims", async () => {
    const model = scriptedModel([
      reply({
        problem: `Ana buys ${n} pens at ${p} dollars each and pays 3 dollars for a bag. What does she pay?`,
        quantities: { n, p, bag: 3 },
        formula: "n * p + bag",
        answer: n! * p! + 3,
      }),
    ]);
    const candidate = await teacherMutator(model, "symbolic").mutate(parent, ctx(1));
    expect(validateCandidate(candidate!, parent, "symbolic")).toEqual({ ok: true });
    expect(String(model.requests[0]?.messages[0]?.content)).toContain(formatExpr(parent.program.expr));
  });

  it("rejects a symbolic problem whose claimed answer is not the executed one, or whose numbers are not in the text", async () => {
    const wrong = scriptedModel([
      reply({
        problem: `Ana buys ${n} pens at ${p} dollars each and 3 more. What does she pay?`,
        quantities: { n, p, extra: 3 },
        formula: "n * p + extra",
        answer: n! * p! + 4,
      }),
      reply({
        problem: "Ana buys some pens. What does she pay?",
        quantities: { n: 977, p: 3 },
        formula: "n * p",
        answer: 2931,
      }),
    ]);
    const mutator = teacherMutator(wrong, "symbolic");
    const first = await mutator.mutate(parent, ctx(1));
    expect(validateCandidate(first!, parent, "symbolic")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not the program's/),
    });
    const second = await mutator.mutate(parent, ctx(2));
    expect(validateCandidate(second!, parent, "symbolic")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not in the text/),
    });
  });

  it("keeps the program on contextual kinds and checks the numbers survived the rewrite", async () => {
    const model = scriptedModel([
      reply({
        setting: "farm",
        problem: `Tom buys ${n} eggs at ${p} dollars each. How much does Tom spend?`,
      }),
      reply({ problem: "Tom buys eggs. How much?" }),
    ]);
    const setting = teacherMutator(model, "setting");
    const good = await setting.mutate(parent, ctx(1));
    expect(good!.setting).toBe("farm");
    expect(validateCandidate(good!, parent, "setting")).toEqual({ ok: true });
    const bad = await teacherMutator(model, "distractor").mutate(parent, ctx(2));
    expect(validateCandidate(bad!, parent, "distractor")).toMatchObject({ ok: false });
  });

  it("throws a model-output error when the reply has no usable JSON", async () => {
    const model = scriptedModel([{ text: "I cannot do that." }, reply({ problem: "x?" })]);
    await expect(teacherMutator(model, "distractor").mutate(parent, ctx(1))).rejects.toSatisfy((error) =>
      ModelOutputError.isInstance(error),
    );
    await expect(teacherMutator(model, "symbolic").mutate(parent, ctx(1))).rejects.toThrow(/formula/);
  });
});

describe("composition with a template that writes a literal", () => {
  it("keeps the literal, so the composed program runs", async () => {
    const parent = instantiate(templateById("pl-01"), 1);
    let composedWithLiteral = 0;
    for (let seed = 0; seed < 200 && composedWithLiteral < 2; seed++) {
      const candidate = await offlineOperation("composition").mutate(parent, ctx(seed));
      const other = candidate?.recipe?.composedWith?.templateId;
      if (other !== "sc-08" && other !== "sh-08") continue;
      composedWithLiteral++;
      expect(validateCandidate(candidate!, parent, "symbolic")).toEqual({ ok: true });
    }
    expect(composedWithLiteral).toBeGreaterThan(0);
  });
});
