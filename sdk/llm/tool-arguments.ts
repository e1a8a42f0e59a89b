import { parseLooseJson } from "./loose-json.js";
import type { ToolCall } from "./types.js";

/**
 * A tool call from the arguments text a model wrote. Arguments that are not a JSON object do
 * not throw: the call carries `argumentsError` and `rawArguments`, so that a tool loop can send
 * the error back to the model as a failed tool result instead of ending.
 */
export function toolCallFromText(id: string, name: string, raw: string): ToolCall {
  if (raw.trim() === "") return { id, name, arguments: {} };
  const parsed = parseLooseJson(raw);
  if (!parsed.ok) return { id, name, arguments: {}, argumentsError: parsed.error, rawArguments: raw };
  return toolCallFromValue(id, name, parsed.value, raw);
}

/** A tool call from already-parsed arguments; anything but a JSON object is an arguments error. */
export function toolCallFromValue(id: string, name: string, value: unknown, raw?: string): ToolCall {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return { id, name, arguments: value };
  }
  const got = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
  return {
    id,
    name,
    arguments: {},
    argumentsError: `expected a JSON object, got ${got}`,
    rawArguments: raw ?? JSON.stringify(value) ?? String(value),
  };
}
