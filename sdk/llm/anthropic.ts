import Anthropic from "@anthropic-ai/sdk";
import type {
  Message as AnthropicMessage,
  ToolChoice as AnthropicToolChoice,
  ContentBlockParam,
  MessageCreateParamsNonStreaming,
  Tool,
} from "@anthropic-ai/sdk/resources/messages";
import { UserError } from "../errors.js";
import { contentText, normaliseFinishReason } from "./content.js";
import { toProviderError } from "./errors.js";
import { costOf } from "./prices.js";
import { DEFAULT_TIMEOUT_MS, nonEmpty, type ProviderOptions } from "./provider-options.js";
import type { ChatModel, ChatRequest, ChatResponse, ToolCall, ToolChoice } from "./types.js";

export interface AnthropicModelOptions extends ProviderOptions {
  /** Anthropic requires max_tokens on every call; used when the request sets none. Default 4096. */
  defaultMaxTokens?: number;
  /**
   * Forward `temperature`. Off by default: this SDK version no longer types it (deprecated for
   * current Claude models); turn it on for older models or compatible servers that honour it.
   */
  sendTemperature?: boolean;
}

type AnthropicTurn = { role: "user" | "assistant"; content: ContentBlockParam[] };

/**
 * A ChatModel on the official `@anthropic-ai/sdk` client (Messages API with tool_use). The system
 * prompt is passed natively; tool results become user turns with tool_result blocks. The
 * client's own retries are off (maxRetries: 0): `withRetry` owns retrying
 * (`createModel` applies it by default).
 */
export function createAnthropicModel(options: AnthropicModelOptions): ChatModel {
  const env = options.env ?? process.env;
  const apiKey = nonEmpty(options.apiKey) ?? nonEmpty(env.ANTHROPIC_API_KEY);
  if (apiKey === undefined) {
    throw new UserError(
      `No Anthropic API key for model "${options.model}". Set ANTHROPIC_API_KEY (or pass apiKey).`,
    );
  }
  const baseURL = nonEmpty(options.baseURL) ?? nonEmpty(env.ANTHROPIC_BASE_URL);
  const client = new Anthropic({
    apiKey,
    baseURL: baseURL ?? "https://api.anthropic.com",
    // An explicit timeout also lifts the SDK's refusal of large non-streaming max_tokens.
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: 0,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.headers === undefined ? {} : { defaultHeaders: options.headers }),
  });
  const context = { provider: "anthropic", keyEnvVar: "ANTHROPIC_API_KEY", secrets: [apiKey] };
  const defaultMaxTokens = options.defaultMaxTokens ?? 4096;
  const sendTemperature = options.sendTemperature ?? false;

  return {
    specificationVersion: "v1",
    id: `anthropic:${options.model}`,
    async generate(request: ChatRequest): Promise<ChatResponse> {
      const body = toAnthropicRequest(options.model, request, defaultMaxTokens, sendTemperature);
      let message: AnthropicMessage;
      try {
        message = await client.messages.create(
          body,
          request.signal === undefined ? undefined : { signal: request.signal },
        );
      } catch (error) {
        throw toProviderError(error, context);
      }
      const response = fromAnthropicResponse(message, options);
      const warnings = droppedOptions(request, sendTemperature);
      return warnings.length === 0 ? response : { ...response, warnings };
    },
  };
}

export function toAnthropicRequest(
  model: string,
  request: ChatRequest,
  defaultMaxTokens = 4096,
  sendTemperature = false,
): MessageCreateParamsNonStreaming & { temperature?: number } {
  const turns: AnthropicTurn[] = [];
  // The API wants alternating roles: merge consecutive same-role turns into one.
  const push = (role: "user" | "assistant", blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = turns[turns.length - 1];
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  for (const message of request.messages) {
    const text = contentText(message.content);
    if (message.role === "user") {
      // Empty text blocks are rejected by the API.
      push("user", [{ type: "text", text: text === "" ? " " : text }]);
    } else if (message.role === "assistant") {
      const blocks: ContentBlockParam[] = text === "" ? [] : [{ type: "text", text }];
      for (const call of message.toolCalls ?? []) {
        blocks.push({ type: "tool_use", id: call.id, name: call.name, input: toolInput(call.arguments) });
      }
      push("assistant", blocks.length === 0 ? [{ type: "text", text: " " }] : blocks);
    } else {
      push("user", [
        {
          type: "tool_result",
          tool_use_id: message.toolCallId,
          content: text,
          ...(message.isError === true ? { is_error: true } : {}),
        },
      ]);
    }
  }
  const body: MessageCreateParamsNonStreaming & { temperature?: number } = {
    model,
    max_tokens: request.maxTokens ?? defaultMaxTokens,
    messages: turns,
  };
  if (request.system !== undefined && request.system !== "") body.system = request.system;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map(
      (tool): Tool => ({
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        input_schema: { type: "object", ...tool.parameters },
      }),
    );
    if (request.toolChoice !== undefined) body.tool_choice = toAnthropicToolChoice(request.toolChoice);
  }
  if (sendTemperature && request.temperature !== undefined) body.temperature = request.temperature;
  return body;
}

/** The request options `toAnthropicRequest` leaves out, said so on the response. */
export function droppedOptions(request: ChatRequest, sendTemperature: boolean): string[] {
  if (sendTemperature || request.temperature === undefined) return [];
  return [
    `anthropic: temperature ${request.temperature} was not sent (current Claude models deprecate it); ` +
      "pass sendTemperature: true to forward it",
  ];
}

function toolInput(args: unknown): Record<string, unknown> {
  return typeof args === "object" && args !== null && !Array.isArray(args)
    ? (args as Record<string, unknown>)
    : { value: args };
}

function toAnthropicToolChoice(choice: ToolChoice): AnthropicToolChoice {
  if (choice === "auto") return { type: "auto" };
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any" };
  return { type: "tool", name: choice.name };
}

export function fromAnthropicResponse(
  message: AnthropicMessage,
  options: Pick<AnthropicModelOptions, "model" | "prices">,
): ChatResponse {
  let text = "";
  const toolCalls: ToolCall[] = [];
  for (const block of message.content ?? []) {
    if (block.type === "text") text += block.text;
    else if (block.type === "tool_use")
      toolCalls.push({ id: block.id, name: block.name, arguments: block.input });
  }
  const u = message.usage;
  const usage = {
    // Cached prompt tokens are billed input tokens too.
    inputTokens:
      (u?.input_tokens ?? 0) + (u?.cache_creation_input_tokens ?? 0) + (u?.cache_read_input_tokens ?? 0),
    outputTokens: u?.output_tokens ?? 0,
  };
  const model = message.model || options.model;
  return {
    text,
    toolCalls,
    usage,
    costUsd: costOf(model, usage, options.prices),
    model,
    finishReason: toolCalls.length > 0 ? "tool_calls" : normaliseFinishReason(message.stop_reason),
  };
}
