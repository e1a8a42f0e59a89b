import {
  estimateTokens,
  type RecordedRequest,
  type Rendered,
  retryAfterHeaders,
  type SseEvent,
  type StubError,
  type StubHandler,
  type StubReply,
  type StubServer,
  startStubServer,
} from "./stub-server.js";

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const STOP_REASONS: Record<string, string> = {
  stop: "end_turn",
  tool_calls: "tool_use",
  length: "max_tokens",
  content_filter: "refusal",
};

function toolInput(args: unknown): Record<string, unknown> {
  if (typeof args === "string") {
    try {
      const parsed: unknown = JSON.parse(args);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // Anthropic always sends objects: an unparsable script becomes {}.
    }
    return {};
  }
  return typeof args === "object" && args !== null && !Array.isArray(args)
    ? (args as Record<string, unknown>)
    : {};
}

function renderReply(reply: StubReply, request: RecordedRequest, requestId: string): Rendered {
  const body = (request.body ?? {}) as { model?: string; stream?: boolean };
  const model = reply.model ?? body.model ?? "claude-haiku-4-5";
  const text = reply.text ?? "";
  const toolUses = (reply.toolCalls ?? []).map((call, i) => ({
    type: "tool_use" as const,
    id: call.id ?? `toolu_${requestId.slice(-6)}_${i}`,
    name: call.name,
    input: toolInput(call.arguments),
  }));
  const content: Array<{ type: "text"; text: string } | (typeof toolUses)[number]> = [];
  if (text !== "" || toolUses.length === 0) content.push({ type: "text", text });
  content.push(...toolUses);
  const neutral = reply.finishReason ?? (toolUses.length > 0 ? "tool_calls" : "stop");
  const stopReason = STOP_REASONS[neutral] ?? "end_turn";
  const inputTokens = reply.usage?.inputTokens ?? estimateTokens(request.body);
  const outputTokens = reply.usage?.outputTokens ?? estimateTokens(JSON.stringify(content));
  const id = `msg_${requestId}`;
  const usage = {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    service_tier: "standard",
  };
  if (body.stream !== true) {
    return {
      status: 200,
      json: {
        id,
        type: "message",
        role: "assistant",
        model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage,
      },
    };
  }
  const event = (type: string, data: object): SseEvent => ({
    event: type,
    data: JSON.stringify({ type, ...data }),
  });
  const events: SseEvent[] = [
    event("message_start", {
      message: {
        id,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
    event("ping", {}),
  ];
  content.forEach((block, index) => {
    if (block.type === "text") {
      events.push(event("content_block_start", { index, content_block: { type: "text", text: "" } }));
      for (let i = 0; i < block.text.length; i += 8) {
        events.push(
          event("content_block_delta", {
            index,
            delta: { type: "text_delta", text: block.text.slice(i, i + 8) },
          }),
        );
      }
    } else {
      events.push(
        event("content_block_start", {
          index,
          content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
        }),
      );
      const json = JSON.stringify(block.input);
      for (let i = 0; i < json.length; i += 8) {
        events.push(
          event("content_block_delta", {
            index,
            delta: { type: "input_json_delta", partial_json: json.slice(i, i + 8) },
          }),
        );
      }
    }
    events.push(event("content_block_stop", { index }));
  });
  events.push(
    event("message_delta", {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
  );
  events.push(event("message_stop", {}));
  return { status: 200, sse: events };
}

function renderError(error: StubError["error"], requestId: string): Rendered {
  return {
    status: error.status,
    headers: retryAfterHeaders(error.retryAfterMs),
    json: {
      type: "error",
      error: {
        type:
          error.type ??
          ERROR_TYPES[error.status] ??
          (error.status >= 500 ? "api_error" : "invalid_request_error"),
        message: error.message ?? `stub error ${error.status}`,
      },
      request_id: requestId,
    },
  };
}

/**
 * A local server speaking the Anthropic Messages API (POST /v1/messages), JSON and SSE
 * (`stream: true`: message_start, content_block_*, message_delta, message_stop), tool_use
 * blocks, usage, Anthropic-shaped errors with `request-id` and Retry-After headers. Point the
 * `@anthropic-ai/sdk` client's baseURL at `baseURL`.
 */
export function startAnthropicServer(handler: StubHandler): Promise<StubServer> {
  return startStubServer(handler, {
    paths: ["/v1/messages"],
    basePath: "",
    requestIdHeader: "request-id",
    render: renderReply,
    renderError,
  });
}
