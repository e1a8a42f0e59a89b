import type { FinishReason, MessageContent } from "./types.js";

/** The plain text of a message's content. */
export function contentText(content: MessageContent): string {
  if (typeof content === "string") return content;
  let out = "";
  for (const part of content) out += part.text;
  return out;
}

/** Provider finish reasons in our closed vocabulary; anything unknown is "other". */
export function normaliseFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case null:
    case undefined:
    case "":
    case "stop":
    case "end_turn":
    case "stop_sequence":
    case "STOP":
      return "stop";
    case "tool_calls":
    case "function_call":
    case "tool_use":
      return "tool_calls";
    case "length":
    case "max_tokens":
    case "model_context_window_exceeded":
    case "MAX_TOKENS":
      return "length";
    case "content_filter":
    case "refusal":
    case "SAFETY":
      return "content_filter";
    default:
      return "other";
  }
}
