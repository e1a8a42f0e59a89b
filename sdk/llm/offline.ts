import { UserError } from "../errors.js";
import type { ChatModel } from "./types.js";

/**
 * The model slot of the offline agent. It is no LLM: the offline agent mutates programs with
 * code, so nothing should call it. If something does, the error says how to get a real model.
 */
export function createOfflineModel(): ChatModel {
  return {
    specificationVersion: "v1",
    id: "offline",
    generate() {
      return Promise.reject(
        new UserError(
          'The "offline" model is no LLM: the offline agent evolves programs without calling a model, ' +
            "so this call has nothing to answer it. To use an LLM, set OPENAI_API_KEY or ANTHROPIC_API_KEY " +
            "and pass a model spec such as --model openai:gpt-4o-mini or --model anthropic:claude-sonnet-4-5 " +
            "(or openai:<model> with OPENAI_BASE_URL for a local OpenAI-compatible server).",
        ),
      );
    },
  };
}
