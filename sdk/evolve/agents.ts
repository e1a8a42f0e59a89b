/** Where the shipped hyperagent programs live, and which one a model spec starts from. */
import { fileURLToPath } from "node:url";

export const SHIPPED_AGENTS = {
  initial: fileURLToPath(new URL("../../agents/initial", import.meta.url)),
  offline: fileURLToPath(new URL("../../agents/offline", import.meta.url)),
} as const;

/** `offline` starts from the offline hyperagent (no model); any real model from the LLM-driven one. */
export function defaultAgentDir(metaModelSpec: string): string {
  return metaModelSpec === "offline" ? SHIPPED_AGENTS.offline : SHIPPED_AGENTS.initial;
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
