import { UserError } from "../errors.js";
import type { ChatModel, ChatRequest, ChatResponse } from "../llm/types.js";

/** One scripted turn: a (partial) response, an error to throw, or a function of the request. */
export type ScriptedReply =
  | Partial<ChatResponse>
  | Error
  | ((request: ChatRequest, index: number) => Partial<ChatResponse> | Promise<Partial<ChatResponse>>);

export interface ScriptedModel extends ChatModel {
  /** Every request received, in order. */
  readonly requests: ChatRequest[];
  /** Replies not used yet. */
  readonly remaining: number;
}

/**
 * A ChatModel that answers with scripted replies in order, for testing meta agents and
 * middleware without HTTP. Missing fields default to an empty stop reply with zero usage
 * ("tool_calls" when the reply has tool calls). Running out of replies is an error.
 */
export function scriptedModel(replies: ScriptedReply[], options: { id?: string } = {}): ScriptedModel {
  const queue = [...replies];
  const requests: ChatRequest[] = [];
  const id = options.id ?? "scripted";
  return {
    id,
    requests,
    get remaining() {
      return queue.length;
    },
    async generate(request: ChatRequest): Promise<ChatResponse> {
      requests.push(request);
      const next = queue.shift();
      if (next === undefined) {
        throw new UserError(
          `scriptedModel "${id}" has no reply left for call #${requests.length}: add more replies to the script.`,
        );
      }
      if (next instanceof Error) throw next;
      const partial = typeof next === "function" ? await next(request, requests.length - 1) : next;
      const toolCalls = partial.toolCalls ?? [];
      return {
        text: partial.text ?? "",
        toolCalls,
        usage: partial.usage ?? { inputTokens: 0, outputTokens: 0 },
        costUsd: partial.costUsd ?? 0,
        model: partial.model ?? id,
        finishReason: partial.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop"),
        ...(partial.middlewareMetadata === undefined
          ? {}
          : { middlewareMetadata: partial.middlewareMetadata }),
      };
    },
  };
}
