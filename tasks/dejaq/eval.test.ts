/**
 * `eval --task dejaq --model SPEC` end to end through the real openai client and the local
 * OpenAI-compatible server: a scripted model answers the seed and held-out problems right, the
 * +1-clause ones wrong and the +2-clause ones with no number; the eval log's figures say so.
 * Also the answer parser, the interval and CVaR figures, and the offline reference.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateModels } from "../../evals/run-eval.js";
import { createOfflineModel } from "../../sdk/llm/offline.js";
import { createOpenAIModel } from "../../sdk/llm/openai.js";
import { type RecordedRequest, type StubServer, startOpenAIServer } from "../../sdk/testing/index.js";
import { dejaqModelEvaluation, sumOfNumbers } from "./eval.js";
import { parseNumericAnswer } from "./eval-answer.js";
import { cvar, cvarInterval, wilsonInterval } from "./eval-metrics.js";
import { EVAL_SETS, evalProblem, HELD_OUT_TEMPLATES, SEED_TEMPLATES } from "./eval-sets.js";
import { problemText } from "./problem.js";
import { createDejaqTask } from "./task.js";

describe("reading answers and the figures", () => {
  it("takes the marked answer, else the last number; none is unparsable", () => {
    expect(parseNumericAnswer("3 + 4 = 7, so\nAnswer: 1,204")).toBe(1204);
    expect(parseNumericAnswer("The answer is **42**.")).toBe(42);
    expect(parseNumericAnswer("so \\boxed{17} apples")).toBe(17);
    expect(parseNumericAnswer("#### 9")).toBe(9);
    expect(parseNumericAnswer("first 3 then 5 then 12.5")).toBe(12.5);
    expect(parseNumericAnswer("I do not know.")).toBeUndefined();
  });

  it("Wilson intervals stay in [0, 1]; CVaR is the worst tenth's mean", () => {
    const all = wilsonInterval(10, 10);
    expect(all.value).toBe(1);
    expect(all.high).toBe(1);
    expect(all.low).toBeGreaterThan(0.6);
    expect(all.low).toBeLessThan(0.8);
    expect(wilsonInterval(0, 5).low).toBe(0);
    const values = [0, 0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    expect(cvar(values, 0.1)).toBeCloseTo(0.1);
    const interval = cvarInterval(values, 0.1);
    expect(interval.low).toBeLessThanOrEqual(interval.value);
    expect(interval.high).toBeGreaterThanOrEqual(interval.value);
  });

  it("the sets rebuild the same problems from (set, template, seed), clauses changing the answer", () => {
    const t = SEED_TEMPLATES[0]!;
    expect(problemText(evalProblem("seed", t, 5)!)).toBe(problemText(evalProblem("seed", t, 5)!));
    const one = evalProblem("perturbed-1", t, 5)!;
    const two = evalProblem("perturbed-2", t, 5)!;
    expect(one.recipe?.clauses).toHaveLength(1);
    expect(two.recipe?.clauses).toHaveLength(2);
    expect(HELD_OUT_TEMPLATES.map((h) => h.id).every((id) => !SEED_TEMPLATES.some((s) => s.id === id))).toBe(
      true,
    );
  });
});

describe("eval --task dejaq through the local OpenAI-compatible server", () => {
  let server: StubServer;
  let out: string;
  const answers = new Map<string, { set: string; answer: number }>();

  beforeAll(async () => {
    const samples = await dejaqModelEvaluation().samples({ model: null, seeds: 1, limit: 2, options: {} });
    for (const s of samples) {
      const input = s.input as { text: string; answer: number; set: string };
      answers.set(input.text, input);
    }
    server = await startOpenAIServer((request: RecordedRequest) => {
      const messages = (request.body as { messages: { content: string }[] }).messages;
      const prompt = messages.at(-1)?.content ?? "";
      const text = prompt.split("\n\n")[0]!;
      const known = answers.get(text);
      if (!known) return { text: "Answer: -1" };
      if (known.set === "perturbed-1") return { text: `Working... Answer: ${known.answer + 1}` };
      if (known.set === "perturbed-2") return { text: "I cannot tell." };
      return { text: `Step by step: done.\nAnswer: ${known.answer}` };
    });
    out = await mkdtemp(join(tmpdir(), "dejaq-eval-"));
  });
  afterAll(async () => {
    await server.close();
    await rm(out, { recursive: true, force: true });
  });

  it("logs each sample and summarises accuracy per set, CVaR and unparsable answers", async () => {
    const model = createOpenAIModel({
      model: "gpt-4o-mini",
      apiKey: "sk-test-12345678",
      baseURL: server.baseURL,
      env: {},
    });
    const task = createDejaqTask({ student: async () => () => 0.5 });
    const result = await evaluateModels({
      tasks: [task],
      models: [{ model }],
      outDir: out,
      program: () => ({}),
      seeds: 1,
      limit: 2,
    });
    const run = result.runs[0]!;
    expect(run.total).toBe(8);
    expect(server.requests).toHaveLength(8);
    expect(run.mean).toBeCloseTo(0.5);
    const figure = (label: string) => run.figures.find((f) => f.label === label);
    expect(figure("seed templates")).toMatchObject({ value: 1, headline: true });
    expect(figure("+1 clause")?.value).toBe(0);
    expect(figure("+2 clauses")?.value).toBe(0);
    expect(figure("held-out templates")?.value).toBe(1);
    expect(figure("unparsable answers")?.value).toBe(2);
    // Each seed template: right on seed, wrong on +1 and +2 (1/3); held-out ones 1. The worst tenth is 1/3.
    expect(figure("CVaR 10% over templates")?.value).toBeCloseTo(1 / 3);
    const wrong = run.records.find((r) => r.split === "perturbed-1")!;
    expect(wrong.score).toBe(0);
    expect(wrong.details).toMatchObject({ set: "perturbed-1" });
    expect(new Set(run.records.map((r) => r.split))).toEqual(new Set(EVAL_SETS));
  });

  it("offline runs the sum-of-numbers reference and calls no model", async () => {
    const before = server.requests.length;
    const task = createDejaqTask({ student: async () => () => 0.5 });
    const result = await evaluateModels({
      tasks: [task],
      models: [{ model: createOfflineModel(), offline: true }],
      outDir: join(out, "offline"),
      program: () => ({}),
      seeds: 1,
      limit: 3,
    });
    const run = result.runs[0]!;
    expect(server.requests.length).toBe(before);
    expect(run.total).toBe(12);
    expect(run.errors).toBe(0);
    expect(run.figures[0]!.label).toContain("sum-of-numbers baseline");
    const first = run.records[0]!;
    const input = first.input as { text: string; answer: number };
    expect(first.score).toBe(sumOfNumbers(input.text) === input.answer ? 1 : 0);
  });
});
