/**
 * The Task contract suite (tasks/task.ts): identity, splits and their instances, an evaluator
 * that scores any reply in [0, 1] without throwing, staged-evaluation size, and the optional
 * `figures` and `evaluateModel` hooks. Each case evaluates only the first `limit` instances.
 */
import assert from "node:assert/strict";
import type {
  AgentFn,
  AgentReply,
  Evaluation,
  InstanceResult,
  JsonValue,
  Split,
  Task,
} from "../../../tasks/task.js";
import { type ContractOptions, type ContractSuite, contractSuite } from "./suite.js";

export interface TaskContractOptions extends ContractOptions {
  /** Suite name (default "Task contract: <id>"; the id is not known before the factory runs). */
  name?: string;
  /**
   * An agent known to solve instances: the suite checks it scores above 0. It gets the instance's
   * input and returns the reply value (throwing counts as a failed call).
   */
  goodAgent?: (input: JsonValue) => unknown;
  /** Instances evaluated per case, from the first split (default 1). */
  limit?: number;
}

const SPLITS: readonly Split[] = ["train", "val", "test"];

/** Replies no task can make sense of. */
const GARBAGE: readonly unknown[] = ["garbage", null, 42, [1, "two"], { answer: { deeply: ["wrong"] } }];

export function taskContract(
  factory: () => Task | Promise<Task>,
  options: TaskContractOptions = {},
): ContractSuite {
  let loaded: Promise<Task> | undefined;
  const task = () => {
    loaded ??= Promise.resolve(factory());
    return loaded;
  };
  const limit = options.limit ?? 1;
  // One split's results, one per instance (the last evaluation of each), as `figures` takes them.
  const results = new Map<string, InstanceResult>();

  /** Evaluates the first `limit` instances of the first split with `agent`; checks each score. */
  async function evaluateWith(agent: AgentFn, what: string): Promise<Evaluation[]> {
    const t = await task();
    const split = t.splits[0];
    assert.ok(split !== undefined, "the task declares no split");
    const instances = (await t.instances(split)).slice(0, limit);
    const out: Evaluation[] = [];
    for (const [i, instance] of instances.entries()) {
      const evaluation = await t.evaluate(instance, { agent, seed: 1000 + i });
      assertScore(evaluation, `${what} on ${instance.id}`);
      results.set(instance.id, {
        instanceId: instance.id,
        score: evaluation.score,
        details: evaluation.details,
      });
      out.push(evaluation);
    }
    return out;
  }

  const cases = [
    {
      name: "has an id and a description",
      async run() {
        const t = await task();
        assert.equal(typeof t.id, "string");
        assert.ok(t.id.trim() !== "", "the id is empty");
        assert.equal(typeof t.description, "string");
        assert.ok(t.description.trim() !== "", "the description is empty");
      },
    },
    {
      name: "declares splits, each with instances of unique ids and JSON input",
      async run() {
        const t = await task();
        assert.ok(t.splits.length > 0, "no splits declared");
        assert.equal(new Set(t.splits).size, t.splits.length, "a split is declared twice");
        for (const split of t.splits) {
          assert.ok(SPLITS.includes(split), `unknown split "${split}"`);
          const instances = await t.instances(split);
          assert.ok(instances.length > 0, `split ${split} has no instances`);
          const ids = instances.map((instance) => instance.id);
          assert.ok(
            ids.every((id) => typeof id === "string" && id !== ""),
            `split ${split} has an empty id`,
          );
          assert.equal(new Set(ids).size, ids.length, `split ${split} repeats an instance id`);
          for (const instance of instances)
            assert.deepEqual(
              JSON.parse(JSON.stringify(instance.input)),
              instance.input,
              `${instance.id}: input is not JSON`,
            );
        }
      },
    },
    {
      name: "gives the same instances every time it is asked",
      async run() {
        const t = await task();
        const fresh = await factory();
        for (const split of t.splits) {
          const ids = async (from: Task) => (await from.instances(split)).map((instance) => instance.id);
          const first = await ids(t);
          assert.deepEqual(await ids(t), first, `split ${split} changed between two calls`);
          assert.deepEqual(
            await ids(fresh),
            first,
            `split ${split} differs in a second task from the factory`,
          );
        }
      },
    },
    {
      name: "scores garbage replies in [0, 1] without throwing",
      async run() {
        for (const value of GARBAGE)
          await evaluateWith(async () => ({ ok: true, value }), `an agent replying ${JSON.stringify(value)}`);
      },
    },
    {
      name: "scores failed agent calls in [0, 1] without throwing",
      async run() {
        await evaluateWith(
          async () => ({ ok: false, error: "timeout: the contract suite's agent failed" }),
          "a failing agent",
        );
      },
    },
    {
      name: "scores in [0, 1] or passes on the error when the agent call rejects",
      async run() {
        const thrown = new Error("the contract suite's agent call rejected");
        try {
          await evaluateWith(async () => Promise.reject(thrown), "a rejecting agent");
        } catch (error) {
          // The host's failure (a disposed sandbox) may end the evaluation, but as itself.
          assert.equal(error, thrown, "evaluate rejected with another error than the agent's");
        }
      },
    },
    ...(options.goodAgent === undefined ? [] : [goodAgentCase(options.goodAgent, evaluateWith)]),
    {
      name: "samples a first stage no larger than its train split",
      async run() {
        const t = await task();
        if (t.stageSize === undefined) return;
        assert.ok(
          Number.isInteger(t.stageSize) && t.stageSize >= 1,
          `stageSize ${t.stageSize} is not a positive integer`,
        );
        const split = t.splits.includes("train") ? "train" : t.splits[0];
        assert.ok(split !== undefined, "the task declares no split");
        const size = (await t.instances(split)).length;
        assert.ok(t.stageSize <= size, `stageSize ${t.stageSize} exceeds the ${size} instances of ${split}`);
      },
    },
    {
      name: "reports well-formed figures (when it has figures)",
      async run() {
        const t = await task();
        if (t.figures === undefined) return;
        // Results of the cases run so far; one failed call when this case runs alone.
        if (results.size === 0)
          await evaluateWith(async () => ({ ok: false, error: "no reply" }), "a failing agent");
        assertFigures(t.figures([...results.values()]));
        assertFigures(t.figures([]));
      },
    },
    {
      name: "declares well-formed model-evaluation options (when it evaluates models itself)",
      async run() {
        const t = await task();
        const evaluation = t.evaluateModel;
        if (evaluation === undefined) return;
        assert.equal(typeof evaluation.samples, "function");
        assert.equal(typeof evaluation.run, "function");
        const names = new Set<string>();
        for (const option of evaluation.options ?? []) {
          assert.match(
            option.name,
            /^[a-z][a-z0-9-]*$/,
            `option "${option.name}" is no kebab-case flag name`,
          );
          assert.ok(!names.has(option.name), `option "${option.name}" is declared twice`);
          names.add(option.name);
          assert.ok(option.description.trim() !== "", `option "${option.name}" has no description`);
        }
      },
    },
  ];
  return contractSuite(options.name ?? "Task contract", cases, options.gaps);
}

function goodAgentCase(
  solve: (input: JsonValue) => unknown,
  evaluateWith: (agent: AgentFn, what: string) => Promise<Evaluation[]>,
) {
  return {
    name: "scores a known-good agent above 0",
    async run() {
      const agent: AgentFn = async (input): Promise<AgentReply> => {
        try {
          return { ok: true, value: await solve(input) };
        } catch (error) {
          return { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      };
      const evaluations = await evaluateWith(agent, "the good agent");
      for (const evaluation of evaluations)
        assert.ok(
          evaluation.score > 0,
          `the good agent scored 0${evaluation.error ? `: ${evaluation.error}` : ""}`,
        );
    },
  };
}

function assertScore(evaluation: Evaluation, what: string): void {
  assert.equal(typeof evaluation, "object", `${what}: evaluate returned no Evaluation`);
  assert.ok(
    Number.isFinite(evaluation.score) && evaluation.score >= 0 && evaluation.score <= 1,
    `${what}: score ${evaluation.score} is not in [0, 1]`,
  );
  if (evaluation.details !== undefined)
    assert.deepEqual(
      JSON.parse(JSON.stringify(evaluation.details)),
      evaluation.details,
      `${what}: details are not JSON`,
    );
  if (evaluation.error !== undefined)
    assert.equal(typeof evaluation.error, "string", `${what}: error is no string`);
}

function assertFigures(figures: unknown): void {
  assert.ok(Array.isArray(figures), "figures() returned no array");
  let headlines = 0;
  for (const figure of figures as Record<string, unknown>[]) {
    assert.ok(typeof figure.label === "string" && figure.label.trim() !== "", "a figure has no label");
    assert.ok(
      Number.isFinite(figure.value),
      `figure "${figure.label}": value ${figure.value} is not a finite number`,
    );
    for (const key of ["unit", "note"])
      if (figure[key] !== undefined)
        assert.equal(typeof figure[key], "string", `figure "${figure.label}": ${key}`);
    const extra = figure.extra;
    if (extra !== undefined) {
      assert.ok(typeof extra === "object" && extra !== null, `figure "${figure.label}": extra is no object`);
      for (const [name, value] of Object.entries(extra))
        assert.ok(Number.isFinite(value), `figure "${figure.label}": extra "${name}" is not a finite number`);
    }
    if (figure.headline === true) headlines++;
  }
  assert.ok(headlines <= 1, `${headlines} figures are marked headline (at most one may be)`);
}
