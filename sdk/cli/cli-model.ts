import { createModel, withRetry } from "../llm/index.js";
import type { ChatModel } from "../llm/types.js";

/** A model for a command: real providers get retries with backoff (their clients do none). */
export function cliModel(spec: string, env: Record<string, string | undefined>): ChatModel {
  const model = createModel(spec, { env });
  return spec.trim() === "offline" ? model : withRetry(model);
}
