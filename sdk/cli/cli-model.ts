import { createModel, withRetry } from "../llm/index.js";
import type { ChatModel } from "../llm/types.js";

/** A model for a command: real providers get retries with backoff (their clients do none). */
export function cliModel(spec: string, env: Record<string, string | undefined>): ChatModel {
  // maxRetries 0: the withRetry below is the one retry loop.
  const model = createModel(spec, { env, maxRetries: 0 });
  return spec.trim() === "offline" ? model : withRetry(model);
}
