import OpenAI from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import { ModelOutputError, UserError } from "../errors.js";
import { contentText, normaliseFinishReason } from "./content.js";
import { toProviderError } from "./errors.js";
import { costOf } from "./prices.js";
import { DEFAULT_TIMEOUT_MS, nonEmpty, type ProviderOptions } from "./provider-options.js";
import { toolCallFromText } from "./tool-arguments.js";
import type { ChatModel, ChatRequest, ChatResponse, ToolCall, ToolChoice } from "./types.js";

export interface OpenAIModelOptions extends ProviderOptions {
  /**
   * Which field carries `maxTokens`. Reasoning models (o1, o3, o4, gpt-5) only accept
   * "max_completion_tokens"; older models and many OpenAI-compatible servers expect "max_tokens".
   * Default: chosen from the model name.
   */
  maxTokensField?: "max_tokens" | "max_completion_tokens";
}

const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/**
 * A ChatModel on the official `openai` client (Chat Completions with tools). Works with any
 * OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio) through `baseURL` or
 * OPENAI_BASE_URL; those need no key, so a missing key is only an error for api.openai.com.
 * The client's own retries are off (maxRetries: 0): `withRetry` owns retrying
 * (`createModel` applies it by default).
 */
export function createOpenAIModel(options: OpenAIModelOptions): ChatModel {
  const env = options.env ?? process.env;
  const baseURL = nonEmpty(options.baseURL) ?? nonEmpty(env.OPENAI_BASE_URL);
  const apiKey = nonEmpty(options.apiKey) ?? nonEmpty(env.OPENAI_API_KEY);
  if (apiKey === undefined && baseURL === undefined) {
    throw new UserError(
      `No OpenAI API key for model "${options.model}". Set OPENAI_API_KEY (or pass apiKey), ` +
        "or set OPENAI_BASE_URL / baseURL to an OpenAI-compatible server that needs no key.",
    );
  }
  const client = new OpenAI({
    // Local OpenAI-compatible servers ignore the key, but the client insists on one.
    apiKey: apiKey ?? "no-key",
    baseURL: baseURL ?? OPENAI_DEFAULT_BASE_URL,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: 0,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.headers === undefined ? {} : { defaultHeaders: options.headers }),
  });
  const context = {
    provider: "openai",
    keyEnvVar: "OPENAI_API_KEY",
    secrets: apiKey === undefined ? [] : [apiKey],
  };
  const maxTokensField =
    options.maxTokensField ??
    (/^(o\d|gpt-5)/.test(options.model) ? "max_completion_tokens" : ("max_tokens" as const));

  return {
    specificationVersion: "v1",
    id: `openai:${options.model}`,
    async generate(request: ChatRequest): Promise<ChatResponse> {
      const body = toOpenAIRequest(options.model, request, maxTokensField);
      let completion: ChatCompletion;
      try {
        completion = await client.chat.completions.create(
          body,
          request.signal === undefined ? undefined : { signal: request.signal },
        );
      } catch (error) {
        throw toProviderError(error, context);
      }
      return fromOpenAIResponse(completion, options);
    },
  };
}

export function toOpenAIRequest(
  model: string,
  request: ChatRequest,
  maxTokensField: "max_tokens" | "max_completion_tokens" = "max_tokens",
): ChatCompletionCreateParamsNonStreaming {
  const messages: ChatCompletionMessageParam[] = [];
  if (request.system !== undefined && request.system !== "") {
    messages.push({ role: "system", content: request.system });
  }
  for (const message of request.messages) {
    if (message.role === "user") {
      messages.push({ role: "user", content: contentText(message.content) });
    } else if (message.role === "assistant") {
      const text = contentText(message.content);
      const calls = message.toolCalls ?? [];
      messages.push({
        role: "assistant",
        // OpenAI wants null, not "", beside tool calls.
        content: text === "" && calls.length > 0 ? null : text,
        ...(calls.length === 0
          ? {}
          : {
              tool_calls: calls.map((call) => ({
                id: call.id,
                type: "function" as const,
                function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) },
              })),
            }),
      });
    } else {
      const text = contentText(message.content);
      messages.push({
        role: "tool",
        tool_call_id: message.toolCallId,
        // Chat Completions has no error flag on tool results; say it in the text (once).
        content: message.isError === true && !/^error\b/i.test(text) ? `Error: ${text}` : text,
      });
    }
  }
  const body: ChatCompletionCreateParamsNonStreaming = { model, messages };
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map(
      (tool): ChatCompletionTool => ({
        type: "function",
        function: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          parameters: tool.parameters,
        },
      }),
    );
    if (request.toolChoice !== undefined) body.tool_choice = toOpenAIToolChoice(request.toolChoice);
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body[maxTokensField] = request.maxTokens;
  return body;
}

function toOpenAIToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
}

export function fromOpenAIResponse(
  completion: ChatCompletion,
  options: Pick<OpenAIModelOptions, "model" | "prices">,
): ChatResponse {
  const choice = completion.choices?.[0];
  if (choice === undefined) {
    throw new ModelOutputError("openai returned no choices", JSON.stringify(completion).slice(0, 2000));
  }
  const toolCalls: ToolCall[] = [];
  for (const call of choice.message.tool_calls ?? []) {
    if (call.type !== "function") continue;
    // Malformed arguments stay on the call (argumentsError) for the tool loop to answer.
    toolCalls.push(toolCallFromText(call.id, call.function.name, call.function.arguments ?? ""));
  }
  const usage = {
    inputTokens: completion.usage?.prompt_tokens ?? 0,
    outputTokens: completion.usage?.completion_tokens ?? 0,
  };
  const model = completion.model || options.model;
  return {
    text: choice.message.content ?? "",
    toolCalls,
    usage,
    costUsd: costOf(model, usage, options.prices),
    model,
    // Some compatible servers (Ollama) say "stop" beside tool calls.
    finishReason: toolCalls.length > 0 ? "tool_calls" : normaliseFinishReason(choice.finish_reason),
  };
}
