import { UserError } from "../errors.js";
import { type AnthropicModelOptions, createAnthropicModel } from "./anthropic.js";
import { createOfflineModel } from "./offline.js";
import { createOpenAIModel, type OpenAIModelOptions } from "./openai.js";
import type { ProviderOptions } from "./provider-options.js";
import { type RetryOptions, withRetry } from "./retry.js";
import { withTextTools } from "./text-tools.js";
import type { ChatModel } from "./types.js";

export interface CreateModelOptions
  extends Omit<ProviderOptions, "model">,
    Pick<OpenAIModelOptions, "maxTokensField">,
    Pick<AnthropicModelOptions, "defaultMaxTokens" | "sendTemperature"> {
  /**
   * "native" (default) uses the provider's tool calling; "text" describes tools in the prompt
   * and parses one JSON tool call per reply, for models without native tool calling.
   */
  toolProtocol?: "native" | "text";
  /**
   * Retries of a retryable failure (429, 408, 409, 5xx, timeouts, dropped connections), waiting
   * at least what Retry-After asks, as the official SDKs do by default. Default 2; 0 turns
   * retrying off (do that when you wrap the model in your own `withRetry`).
   */
  maxRetries?: number;
  /** Backoff and logging of those retries (see `withRetry`). */
  retry?: Omit<RetryOptions, "maxRetries">;
}

/** The official SDKs' default. */
export const DEFAULT_MAX_RETRIES = 2;

export const MODEL_SPEC_FORMS = ["openai:<model>", "anthropic:<model>", "offline"] as const;

/**
 * Resolves a model spec: "openai:gpt-4o-mini", "anthropic:claude-sonnet-4-5", "offline".
 * OpenAI-compatible servers (vLLM, Ollama, llama.cpp, LM Studio) are "openai:<model>" with
 * `baseURL` or OPENAI_BASE_URL. Retryable failures are retried (`maxRetries`, default 2) by
 * `withRetry` around the provider, whose client does no retries of its own. Other middleware
 * (cache, ledger, budget) is applied by the caller.
 */
export function createModel(spec: string, options: CreateModelOptions = {}): ChatModel {
  const trimmed = spec.trim();
  if (trimmed === "offline") return createOfflineModel();
  const colon = trimmed.indexOf(":");
  const provider = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const name = colon < 0 ? "" : trimmed.slice(colon + 1).trim();
  const { toolProtocol = "native", maxRetries = DEFAULT_MAX_RETRIES, retry, ...rest } = options;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new UserError(`maxRetries must be a whole number >= 0 (0 turns retrying off), got ${maxRetries}.`);
  }
  let model: ChatModel;
  if (provider === "openai" || provider === "anthropic") {
    if (name === "") {
      throw new UserError(
        `Model spec "${spec}" names no model. Use ${provider}:<model>, e.g. ${provider === "openai" ? "openai:gpt-4o-mini" : "anthropic:claude-sonnet-4-5"}.`,
      );
    }
    model =
      provider === "openai"
        ? createOpenAIModel({ ...rest, model: name })
        : createAnthropicModel({ ...rest, model: name });
  } else {
    throw new UserError(
      `Unknown model provider "${provider}" in spec "${spec}". Valid specs: ${MODEL_SPEC_FORMS.join(", ")}. ` +
        "For vLLM, Ollama, llama.cpp or LM Studio use openai:<model> with OPENAI_BASE_URL.",
    );
  }
  if (maxRetries > 0) model = withRetry(model, { ...retry, maxRetries });
  return toolProtocol === "text" ? withTextTools(model) : model;
}
