/** Where the shipped hyperagent programs live, and which one a run or an evaluation starts from. */
import { fileURLToPath } from "node:url";
import type { Task } from "../../tasks/task.js";
import { SystemError, UserError } from "../errors.js";

const shipped = (name: string) => fileURLToPath(new URL(`../../agents/${name}`, import.meta.url));

export const SHIPPED_AGENTS = {
  initial: shipped("initial"),
  offline: shipped("offline"),
  "airs-one-shot": shipped("airs-one-shot"),
  "airs-greedy": shipped("airs-greedy"),
  "airs-offline": shipped("airs-offline"),
  "pbb-oracle": shipped("pbb-oracle"),
  "pbb-no-info": shipped("pbb-no-info"),
  "dejaq-offline": shipped("dejaq-offline"),
} as const;

export type ShippedAgentName = keyof typeof SHIPPED_AGENTS;

/** `offline` starts from the offline hyperagent (no model); any real model from the LLM-driven one. */
export function defaultAgentDir(metaModelSpec: string): string {
  return metaModelSpec === "offline" ? SHIPPED_AGENTS.offline : SHIPPED_AGENTS.initial;
}

function shippedDir(name: string, task: string): string {
  const dir = (SHIPPED_AGENTS as Record<string, string>)[name];
  if (dir === undefined)
    throw new SystemError(`task ${task} names a scaffold program "${name}" that is not shipped`);
  return dir;
}

/**
 * The program to start from for these tasks: the `scaffold` the tasks declare (`--scaffold`), or
 * without one the tasks' own default for a model or for offline, or else the shipped default.
 * Tasks that would start from different programs must be run separately.
 */
export function startingAgentDir(
  metaModelSpec: string,
  tasks: readonly Pick<Task, "id" | "scaffolds">[],
  scaffold?: string,
): string {
  const offline = metaModelSpec === "offline";
  const dirs = new Set<string>();
  for (const task of tasks) {
    if (scaffold !== undefined) {
      const names = Object.keys(task.scaffolds ?? {}).filter(
        (name) => name !== "model" && name !== "offline",
      );
      const name = task.scaffolds?.[scaffold];
      if (name === undefined) {
        throw new UserError(
          names.length === 0
            ? `task ${task.id} has no scaffolds: drop --scaffold, or give a program with --agent DIR`
            : `task ${task.id} has no scaffold "${scaffold}": use one of ${names.join(", ")}`,
        );
      }
      dirs.add(shippedDir(name, task.id));
    } else {
      const name = task.scaffolds?.[offline ? "offline" : "model"];
      dirs.add(name === undefined ? defaultAgentDir(metaModelSpec) : shippedDir(name, task.id));
    }
  }
  if (dirs.size > 1) {
    throw new UserError(
      `the tasks ${tasks.map((task) => task.id).join(", ")} start from different programs: run them separately, or pick one with --agent DIR`,
    );
  }
  return [...dirs][0] ?? defaultAgentDir(metaModelSpec);
}

/**
 * The sandbox calls an export as `fn(input, ctx)`, while meta agents export `improve(ctx)`.
 * A generated entry file adapts one to the other without touching the program.
 */
export const META_ENTRY_FILE = "__hyperagents_meta_entry.ts";
export const META_ENTRY_SOURCE = `import { improve } from "./meta_agent.js";
export async function run(_input: unknown, ctx: unknown) {
  // improve() may return nothing; the sandbox wants a JSON value.
  return (await (improve as (ctx: unknown) => unknown)(ctx)) ?? null;
}
`;

export function withMetaEntry(files: Record<string, string>): Record<string, string> {
  return { ...files, [META_ENTRY_FILE]: META_ENTRY_SOURCE };
}
