/**
 * The pbb no-information agent: no model, no reading. It answers with the input itself, the
 * best guess that uses nothing about the program, and so bounds the scale from below.
 */
import type { TaskAgentContext } from "./types.js";

export async function solve(raw: unknown, _ctx: TaskAgentContext): Promise<unknown> {
  const input = raw as { input?: unknown } | null;
  if (input === null || typeof input !== "object" || input.input === undefined) {
    return { error: "the instance has no input field" };
  }
  return input.input;
}
