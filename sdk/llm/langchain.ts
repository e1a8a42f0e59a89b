import { UserError } from "../errors.js";
import { contentText, normaliseFinishReason } from "./content.js";
import { toProviderError } from "./errors.js";
import { costOf, type PriceTable } from "./prices.js";
import { toolCallFromText, toolCallFromValue } from "./tool-arguments.js";
import type { ChatModel, ChatRequest, ChatResponse, ToolCall } from "./types.js";

/**
 * The parts of a LangChain `BaseChatModel` (from @langchain/core) we use, typed structurally so
 * that neither this file nor anything importing it needs LangChain installed or loaded.
 */
export interface LangChainChatModelLike<Input = never> {
  invoke(input: Input, options?: { signal?: AbortSignal }): Promise<LangChainMessageLike>;
  bindTools?(tools: unknown[], kwargs?: Record<string, unknown>): LangChainRunnableLike<Input>;
  _llmType?(): string;
  model?: string;
  modelName?: string;
}

interface LangChainRunnableLike<Input> {
  invoke(input: Input, options?: { signal?: AbortSignal }): Promise<LangChainMessageLike>;
}

interface LangChainMessageLike {
  content: unknown;
  tool_calls?: Array<{ id?: string | undefined; name: string; args: unknown }>;
  invalid_tool_calls?: Array<{
    id?: string | undefined;
    name?: string | undefined;
    args?: string | undefined;
    error?: string | undefined;
  }>;
  usage_metadata?: { input_tokens: number; output_tokens: number } | undefined;
  response_metadata?: Record<string, unknown>;
}

type MessageClass = new (fields: Record<string, unknown>) => unknown;

interface LangChainMessagesModule {
  HumanMessage: MessageClass;
  AIMessage: MessageClass;
  SystemMessage: MessageClass;
  ToolMessage: MessageClass;
}

let messagesModule: Promise<LangChainMessagesModule> | undefined;

function loadMessages(): Promise<LangChainMessagesModule> {
  // A variable specifier keeps TypeScript and bundlers from resolving LangChain statically.
  const specifier = "@langchain/core/messages";
  messagesModule ??= (import(specifier) as Promise<LangChainMessagesModule>).catch((error: unknown) => {
    messagesModule = undefined;
    throw new UserError("fromLangChain needs @langchain/core: npm install @langchain/core", { cause: error });
  });
  return messagesModule;
}

export interface FromLangChainOptions {
  /** The ChatModel id; default "langchain:<model name>". */
  id?: string;
  prices?: PriceTable;
}

/**
 * Wraps any LangChain chat model (ChatOpenAI, ChatAnthropic, ChatOllama, …) as a ChatModel.
 * Tools go through `bindTools`; usage comes from `usage_metadata`. Per-call temperature and
 * max tokens are not forwarded: set them on the LangChain model. Turn LangChain's own retries
 * off (`maxRetries: 0`) when you use `withRetry`.
 */
export function fromLangChain<Input>(
  chatModel: LangChainChatModelLike<Input>,
  options: FromLangChainOptions = {},
): ChatModel {
  const baseName = chatModel.model ?? chatModel.modelName ?? chatModel._llmType?.() ?? "unknown";
  const id = options.id ?? `langchain:${baseName}`;
  return {
    specificationVersion: "v1",
    id,
    async generate(request: ChatRequest): Promise<ChatResponse> {
      const lc = await loadMessages();
      // Real LangChain message objects: the model's input type (BaseLanguageModelInput) accepts them.
      const messages = toLangChainMessages(lc, request) as unknown as Input;
      const tools = request.tools ?? [];
      let runnable: LangChainRunnableLike<Input> = chatModel;
      if (tools.length > 0) {
        if (chatModel.bindTools === undefined) {
          throw new UserError(
            `${id} has no native tool calling (no bindTools). Wrap it with withTextTools(model) to describe tools in the prompt.`,
          );
        }
        const choice = request.toolChoice;
        runnable = chatModel.bindTools(
          tools.map((tool) => ({
            type: "function",
            function: {
              name: tool.name,
              ...(tool.description === undefined ? {} : { description: tool.description }),
              parameters: tool.parameters,
            },
          })),
          choice === undefined ? {} : { tool_choice: typeof choice === "string" ? choice : choice.name },
        );
      }
      let reply: LangChainMessageLike;
      try {
        reply = await runnable.invoke(
          messages,
          request.signal === undefined ? {} : { signal: request.signal },
        );
      } catch (error) {
        throw toProviderError(error, { provider: "langchain", secrets: keysOf(chatModel) });
      }
      const response = fromLangChainMessage(reply, baseName, options.prices);
      const warnings = droppedOptions(request);
      return warnings.length === 0 ? response : { ...response, warnings };
    },
  };
}

/** The key the LangChain model holds (ChatOpenAI, ChatAnthropic name it differently), for redaction. */
function keysOf(chatModel: object): string[] {
  const fields = chatModel as Record<string, unknown>;
  return ["apiKey", "openAIApiKey", "anthropicApiKey"]
    .map((name) => fields[name])
    .filter((value): value is string => typeof value === "string" && value !== "");
}

/** Per-call options this adapter cannot forward (they live on the LangChain model). */
function droppedOptions(request: ChatRequest): string[] {
  const warnings: string[] = [];
  if (request.temperature !== undefined) {
    warnings.push(
      `langchain: temperature ${request.temperature} was not sent; set temperature on the LangChain model`,
    );
  }
  if (request.maxTokens !== undefined) {
    warnings.push(
      `langchain: maxTokens ${request.maxTokens} was not sent; set maxTokens on the LangChain model`,
    );
  }
  return warnings;
}

function toLangChainMessages(lc: LangChainMessagesModule, request: ChatRequest): unknown[] {
  const out: unknown[] = [];
  if (request.system !== undefined && request.system !== "")
    out.push(new lc.SystemMessage({ content: request.system }));
  for (const message of request.messages) {
    const content = contentText(message.content);
    if (message.role === "user") out.push(new lc.HumanMessage({ content }));
    else if (message.role === "assistant") {
      out.push(
        new lc.AIMessage({
          content,
          tool_calls: (message.toolCalls ?? []).map((call) => ({
            id: call.id,
            name: call.name,
            args: call.arguments ?? {},
            type: "tool_call",
          })),
        }),
      );
    } else {
      out.push(
        new lc.ToolMessage({
          content,
          tool_call_id: message.toolCallId,
          ...(message.name === undefined ? {} : { name: message.name }),
          ...(message.isError === true ? { status: "error" } : {}),
        }),
      );
    }
  }
  return out;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let out = "";
  for (const block of content) {
    if (typeof block === "string") out += block;
    else if (typeof block === "object" && block !== null && (block as { type?: unknown }).type === "text") {
      const text = (block as { text?: unknown }).text;
      if (typeof text === "string") out += text;
    }
  }
  return out;
}

function fromLangChainMessage(
  reply: LangChainMessageLike,
  fallbackModel: string,
  prices?: PriceTable,
): ChatResponse {
  const toolCalls: ToolCall[] = (reply.tool_calls ?? []).map((call, index) =>
    toolCallFromValue(call.id ?? `call_${index}`, call.name, call.args),
  );
  // LangChain keeps calls whose arguments did not parse apart; they go back to the tool loop.
  for (const [index, call] of (reply.invalid_tool_calls ?? []).entries()) {
    const id = call.id ?? `call_invalid_${index}`;
    // Our tolerant parser may repair what LangChain's strict one refused (single quotes, …).
    const parsed = toolCallFromText(id, call.name ?? "", call.args ?? "");
    toolCalls.push(
      parsed.argumentsError !== undefined || (parsed.name !== "" && call.args !== undefined)
        ? parsed
        : {
            ...parsed,
            arguments: {},
            argumentsError: call.error ?? "invalid JSON arguments",
            rawArguments: call.args ?? "",
          },
    );
  }
  const meta = reply.response_metadata ?? {};
  const reportedModel = meta.model_name ?? meta.model;
  const model = typeof reportedModel === "string" && reportedModel !== "" ? reportedModel : fallbackModel;
  const usage = {
    inputTokens: reply.usage_metadata?.input_tokens ?? 0,
    outputTokens: reply.usage_metadata?.output_tokens ?? 0,
  };
  const reason = meta.finish_reason ?? meta.stop_reason;
  return {
    text: textOf(reply.content),
    toolCalls,
    usage,
    costUsd: costOf(model, usage, prices),
    model,
    finishReason:
      toolCalls.length > 0
        ? "tool_calls"
        : normaliseFinishReason(typeof reason === "string" ? reason : undefined),
  };
}
