import { describe, expect, it } from "vitest";
import type { Task } from "../../../tasks/task.js";
import { toyTask } from "../toy-task.js";
import type { ContractSuite } from "./suite.js";
import { taskContract } from "./task.js";

function caseOf(suite: ContractSuite, prefix: string) {
  const found = suite.cases.find((c) => c.name.startsWith(prefix));
  if (found === undefined) throw new Error(`no case "${prefix}…" in ${suite.name}`);
  return found;
}

/** The toy task with some of its members replaced: an implementation that breaks the contract. */
const broken = (patch: Partial<Task>) => () => ({ ...toyTask(), ...patch }) as Task;

describe("taskContract catches a task that breaks the contract", () => {
  it("a score outside [0, 1]", async () => {
    const suite = taskContract(broken({ evaluate: async () => ({ score: 2 }) }));
    await expect(caseOf(suite, "scores garbage").run()).rejects.toThrow(/score 2 is not in \[0, 1\]/);
  });

  it("an evaluator that throws on a garbage reply", async () => {
    const suite = taskContract(
      broken({
        async evaluate(instance, ctx) {
          const reply = await ctx.agent(instance.input);
          if (!reply.ok) return { score: 0 };
          return { score: (reply.value as { value: number }).value > 0 ? 1 : 0 };
        },
      }),
    );
    await expect(caseOf(suite, "scores garbage").run()).rejects.toThrow(TypeError);
    await expect(caseOf(suite, "scores failed agent calls").run()).resolves.toBeUndefined();
  });

  it("an evaluator that hides the agent's rejection behind its own error", async () => {
    const suite = taskContract(
      broken({
        async evaluate(instance, ctx) {
          await ctx.agent(instance.input).catch(() => {
            throw new Error("something else");
          });
          return { score: 0 };
        },
      }),
    );
    await expect(caseOf(suite, "scores in [0, 1] or passes on the error").run()).rejects.toThrow(
      /another error/,
    );
  });

  it("instances that change between calls", async () => {
    let call = 0;
    const suite = taskContract(broken({ instances: async () => [{ id: `i-${call++}`, input: null }] }));
    await expect(caseOf(suite, "gives the same instances").run()).rejects.toThrow(
      /changed between two calls/,
    );
  });

  it("repeated instance ids and non-JSON input", async () => {
    const twice = taskContract(
      broken({
        instances: async () => [
          { id: "a", input: 1 },
          { id: "a", input: 2 },
        ],
      }),
    );
    await expect(caseOf(twice, "declares splits").run()).rejects.toThrow(/repeats an instance id/);
  });

  it("a stage larger than the train split", async () => {
    const suite = taskContract(broken({ stageSize: 5 }));
    await expect(caseOf(suite, "samples a first stage").run()).rejects.toThrow(
      /stageSize 5 exceeds the 4 instances/,
    );
  });

  it("malformed figures", async () => {
    const figures = () => [
      { label: "a", value: 1, headline: true },
      { label: "b", value: Number.NaN, headline: true },
    ];
    const suite = taskContract(broken({ figures }));
    await expect(caseOf(suite, "reports well-formed figures").run()).rejects.toThrow(
      /value NaN is not a finite/,
    );
  });

  it("a known-good agent that scores 0, and no such case without one", async () => {
    const suite = taskContract(() => toyTask(), { goodAgent: () => ({ value: "seven" }) });
    await expect(caseOf(suite, "scores a known-good agent").run()).rejects.toThrow(/the good agent scored 0/);
    expect(() =>
      taskContract(() => toyTask(), { gaps: { "scores a known-good agent above 0": "none" } }),
    ).toThrow(/names no case/);
  });

  it("a model-evaluation option that is no flag name", async () => {
    const evaluateModel = {
      options: [{ name: "Games Per Pair", description: "games" }],
      samples: async () => [],
      run: async () => ({ score: 0 }),
    };
    const suite = taskContract(broken({ evaluateModel }));
    await expect(caseOf(suite, "declares well-formed model-evaluation options").run()).rejects.toThrow(
      /kebab-case/,
    );
  });
});
