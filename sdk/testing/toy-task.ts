/**
 * A toy task and a toy hyperagent program for testing engines, meta agents and reports in
 * milliseconds: the agent must output a number close to a hidden target; the meta agent nudges
 * one constant. Real enough to evolve (scores rise), cheap enough for hundreds of children.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Task, TaskInstance } from "../../tasks/task.js";

export interface ToyTaskOptions {
  id?: string;
  /** Hidden targets; one instance each, in every split. */
  targets?: number[];
  /** Milliseconds the evaluator waits per instance (to simulate slow tasks). */
  delayMs?: number;
  /**
   * Hand the agent a task tool `distance({ value })` that answers `{ distance: value - target }`,
   * so an agent that calls it (see TOY_TOOL_AGENT) can score 1.
   */
  withTool?: boolean;
}

/** A task agent for `toyTask({ withTool: true })`: asks the tool once and answers the target. */
export const TOY_TOOL_AGENT = `interface Ctx {
  tools: { [name: string]: ((args: unknown) => Promise<unknown>) | undefined };
}

export async function solve(_input: unknown, ctx: Ctx) {
  const distance = ctx.tools.distance;
  if (!distance) return { value: 0 };
  const probe = (await distance({ value: 0 })) as { distance: number };
  return { value: -probe.distance };
}
`;

export function toyTask(options: ToyTaskOptions = {}): Task {
  const targets = options.targets ?? [7, 8, 9, 10];
  const instances = (split: string): TaskInstance[] =>
    targets.map((target, i) => ({ id: `${split}-${i}`, input: { index: i }, hidden: target }));
  return {
    id: options.id ?? "toy",
    description: 'Return { "value": number }. The score is 1 / (1 + |value - target|) for a hidden target.',
    splits: ["train", "val", "test"],
    stageSize: 2,
    async instances(split) {
      return instances(split);
    },
    ...(options.withTool
      ? {
          tools: (instance: TaskInstance) => ({
            distance: {
              description: "distance({ value }) -> { distance: value - target } for this instance.",
              parameters: { type: "object", properties: { value: { type: "number" } }, required: ["value"] },
              async run(args: unknown) {
                const value = (args as { value?: unknown } | null)?.value;
                if (typeof value !== "number") throw new Error("distance needs { value: number }");
                return { distance: value - (instance.hidden as number) };
              },
            },
          }),
        }
      : {}),
    async evaluate(instance, ctx) {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const reply = await ctx.agent(instance.input);
      if (!reply.ok) return { score: 0, error: reply.error };
      const value = (reply.value as { value?: unknown } | null)?.value;
      if (typeof value !== "number" || !Number.isFinite(value))
        return { score: 0, error: "no numeric value" };
      const target = instance.hidden as number;
      return { score: 1 / (1 + Math.abs(value - target)), details: { value } };
    },
  };
}

const TOY_TASK_AGENT = `import { VALUE } from "./params.js";

export async function solve(_input: unknown) {
  return { value: VALUE };
}
`;

const TOY_META_AGENT = `import { STEP } from "./policy.js";

interface Files {
  view(path: string): Promise<string>;
  create(path: string, content: string): Promise<string>;
}

/** Nudges VALUE by ±STEP (Math.random is seeded by the host). */
export async function improve(ctx: { files: Files }) {
  const shown = await ctx.files.view("params.ts");
  const match = /VALUE = (-?[\\d.]+)/.exec(shown);
  const value = match ? Number(match[1]) : 0;
  const next = value + (Math.random() < 0.5 ? -STEP : STEP) * (1 + Math.floor(Math.random() * 3));
  await ctx.files.create("params.ts", \`export const VALUE = \${next};\\n\`);
  return \`VALUE \${value} -> \${next}\`;
}
`;

/** Writes the toy hyperagent program into `dir` (created if missing); returns dir. */
export function writeToyProgram(dir: string, options: { value?: number; step?: number } = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "task_agent.ts"), TOY_TASK_AGENT);
  writeFileSync(join(dir, "meta_agent.ts"), TOY_META_AGENT);
  writeFileSync(join(dir, "params.ts"), `export const VALUE = ${options.value ?? 0};\n`);
  writeFileSync(join(dir, "policy.ts"), `export const STEP = ${options.step ?? 1};\n`);
  writeFileSync(join(dir, "README.md"), "A toy hyperagent: solve returns VALUE; improve nudges it.\n");
  return dir;
}
