import { describe, expect, it } from "vitest";
import { scriptedModel } from "../../sdk/testing/scripted-model.js";
import { chatStudent, parseAnswer, simulatedStudent, skillsOf, studentPrompt } from "./student.js";
import { instantiate, templateById } from "./templates.js";

describe("parseAnswer", () => {
  it("reads the marked answer, else the last number", () => {
    expect(parseAnswer("2 + 3 = 5\nAnswer: 5")).toBe(5);
    expect(parseAnswer("so 12 then 14. The answer is $1,240.")).toBe(1240);
    expect(parseAnswer("#### 42")).toBe(42);
    expect(parseAnswer("first 3, then 7")).toBe(7);
    expect(parseAnswer("Answer: -4")).toBe(-4);
    expect(parseAnswer("no idea")).toBeNull();
  });
});

describe("chat student", () => {
  it("asks G times and scores the parsed numbers against the executed answer", async () => {
    const problem = instantiate(templateById("sh-01"), 2);
    const model = scriptedModel([
      { text: `Answer: ${problem.answer}` },
      { text: "Answer: 1" },
      { text: "hmm" },
    ]);
    const results = await chatStudent(model).attempt(problem, 3, 0);
    expect(results.map((r) => r.correct)).toEqual([true, false, false]);
    expect(results[2]?.given).toBeNull();
    expect(model.requests[0]?.messages[0]?.content).toBe(studentPrompt(problem));
  });
});

describe("simulated student", () => {
  it("needs every step: more steps and harder operators are less likely", () => {
    const student = simulatedStudent();
    const add = instantiate(templateById("pl-01"), 1);
    const divide = instantiate(templateById("pl-04"), 1);
    const threeSteps = instantiate(templateById("sh-03"), 1);
    expect(skillsOf(threeSteps).sort()).toEqual(["*", "*", "+"]);
    expect(student.successProbability(add)).toBeGreaterThan(student.successProbability(divide));
    expect(student.successProbability(threeSteps)).toBeLessThan(
      student.successProbability(instantiate(templateById("sh-01"), 1)),
    );
  });

  it("is seeded, and learns only from problems it sometimes solves", async () => {
    const problem = instantiate(templateById("pl-04"), 1);
    const a = await simulatedStudent({ seed: 3 }).attempt(problem, 16, 9);
    const b = await simulatedStudent({ seed: 3 }).attempt(problem, 16, 9);
    expect(a).toEqual(b);
    const student = simulatedStudent({ rate: 0.1 });
    const before = student.competence["/"];
    student.learn([{ problem, successes: 0, attempts: 8 }]);
    student.learn([{ problem, successes: 8, attempts: 8 }]);
    expect(student.competence["/"]).toBe(before);
    student.learn([{ problem, successes: 4, attempts: 8 }]);
    expect(student.competence["/"]).toBeCloseTo(before + 0.1);
    expect(student.snapshot()["/"]).toBeCloseTo(before + 0.1);
  });
});
