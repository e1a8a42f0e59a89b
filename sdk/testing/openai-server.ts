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

const ERROR_TYPES: Record<number, { type: string; code: string | null }> = {
  400: { type: "invalid_request_error", code: null },
  401: { type: "invalid_request_error", code: "invalid_api_key" },
  403: { type: "invalid_request_error", code: "unsupported_country_region_territory" },
  404: { type: "invalid_request_error", code: "model_not_found" },
  429: { type: "requests", code: "rate_limit_exceeded" },
  500: { type: "server_error", code: null },
  503: { type: "server_error", code: null },
};

interface OpenAIRequestBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

function argumentsText(args: unknown): string {
  return typeof args === "string" ? args : JSON.stringify(args ?? {});
}

function renderReply(reply: StubReply, request: RecordedRequest, requestId: string): Rendered {
  const body = (request.body ?? {}) as OpenAIRequestBody;
  const model = reply.model ?? body.model ?? "gpt-4o-mini";
  const calls = (reply.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `call_${requestId.slice(-6)}_${i}`,
    type: "function" as const,
    function: { name: call.name, arguments: argumentsText(call.arguments) },
  }));
  const text = reply.text ?? "";
  const finish = reply.finishReason ?? (calls.length > 0 ? "tool_calls" : "stop");
  const promptTokens = reply.usage?.inputTokens ?? estimateTokens(request.body);
  const completionTokens = reply.usage?.outputTokens ?? estimateTokens(text + JSON.stringify(calls));
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const id = `chatcmpl-${requestId}`;
  const created = Math.floor(Date.now() / 1000);
  if (body.stream !== true) {
    return {
      status: 200,
      json: {
        id,
        object: "chat.completion",
        created,
        model,
        system_fingerprint: "fp_stub",
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: text === "" && calls.length > 0 ? null : text,
              refusal: null,
              ...(calls.length === 0 ? {} : { tool_calls: calls }),
            },
            logprobs: null,
            finish_reason: finish,
          },
        ],
        usage,
      },
    };
  }
  const chunk = (delta: object, finishReason: string | null = null) => ({
    data: JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      system_fingerprint: "fp_stub",
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    }),
  });
  const events: SseEvent[] = [chunk({ role: "assistant", content: "", refusal: null })];
  // Text in a few pieces, as a real stream would send it.
  for (const piece of splitText(text)) events.push(chunk({ content: piece }));
  calls.forEach((call, index) => {
    events.push(
      chunk({
        tool_calls: [
          { index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } },
        ],
      }),
    );
    for (const piece of splitText(call.function.arguments)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  events.push(chunk({}, finish));
  if (body.stream_options?.include_usage === true) {
    events.push({
      data: JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage }),
    });
  }
  events.push({ data: "[DONE]" });
  return { status: 200, sse: events };
}

function splitText(text: string, size = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function renderError(error: StubError["error"]): Rendered {
  const known = ERROR_TYPES[error.status] ?? {
    type: error.status >= 500 ? "server_error" : "invalid_request_error",
    code: null,
  };
  return {
    status: error.status,
    headers: retryAfterHeaders(error.retryAfterMs),
    json: {
      error: {
        message: error.message ?? `stub error ${error.status}`,
        type: error.type ?? known.type,
        param: null,
        code: known.code,
      },
    },
  };
}

/**
 * A local server speaking OpenAI Chat Completions (POST /v1/chat/completions), JSON and SSE
 * (`stream: true`, with `stream_options.include_usage`), tool calls, usage, OpenAI-shaped
 * errors with `x-request-id` and Retry-After headers. Point the `openai` client's baseURL at
 * `baseURL`.
 */
export function startOpenAIServer(handler: StubHandler): Promise<StubServer> {
  return startStubServer(handler, {
    paths: ["/v1/chat/completions", "/chat/completions"],
    basePath: "/v1",
    requestIdHeader: "x-request-id",
    render: renderReply,
    renderError,
  });
}
