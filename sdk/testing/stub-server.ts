import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A tool call a stub server sends. A string `arguments` goes out verbatim (to script malformed JSON). */
export interface StubToolCall {
  id?: string;
  name: string;
  arguments: unknown;
}

/** A successful reply, in provider-neutral terms; each server renders it in its wire format. */
export interface StubReply {
  text?: string;
  toolCalls?: StubToolCall[];
  /** Default: estimated from the request and reply sizes (about 4 characters a token). */
  usage?: { inputTokens?: number; outputTokens?: number };
  /** Neutral reason; default "tool_calls" when there are tool calls, else "stop". */
  finishReason?: "stop" | "tool_calls" | "length" | "content_filter";
  /** Default: the model the request named. */
  model?: string;
  /** Wait this long before answering (timeouts, concurrency). */
  delayMs?: number;
  headers?: Record<string, string>;
}

/** An error reply with the provider's JSON error shape. */
export interface StubError {
  error: {
    status: number;
    message?: string;
    /** The provider's error type; default chosen from the status. */
    type?: string;
    /** Sent as `retry-after-ms` and as `retry-after` (whole seconds, rounded up). */
    retryAfterMs?: number;
  };
  delayMs?: number;
  headers?: Record<string, string>;
}

/** Anything at all: status, body and headers as given. */
export interface StubRaw {
  raw: { status: number; body: string | object; headers?: Record<string, string> };
  delayMs?: number;
}

export type StubResponse = StubReply | StubError | StubRaw;

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. "/v1/chat/completions". */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The parsed JSON body (the raw text when it is not JSON). */
  body: unknown;
}

/**
 * Scripted replies: a queue consumed in order (a request past its end gets a 400 that says so),
 * or a function of the parsed request and its 0-based index.
 */
export type StubHandler =
  | StubResponse[]
  | ((request: RecordedRequest, index: number) => StubResponse | Promise<StubResponse>);

export interface StubServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** What to pass as the SDK client's baseURL. */
  baseURL: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type SseEvent = { event?: string; data: string };

export type Rendered =
  | { status: number; headers?: Record<string, string>; json: unknown }
  | { status: number; headers?: Record<string, string>; sse: SseEvent[] };

export interface WireFormat {
  /** Paths this server answers with the handler. */
  paths: string[];
  /** Path the SDK's baseURL should point at. */
  basePath: string;
  requestIdHeader: string;
  render(reply: StubReply, request: RecordedRequest, requestId: string): Rendered;
  renderError(error: StubError["error"], requestId: string): Rendered;
}

function sleep(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}

/** The shared HTTP core of the OpenAI and Anthropic stub servers. */
export async function startStubServer(handler: StubHandler, format: WireFormat): Promise<StubServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;
  const queue = Array.isArray(handler) ? [...handler] : undefined;

  const respond = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = text;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      // keep the raw text
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(", ") : value;
    }
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers, body };
    const index = counter++;
    const requestId = `req_stub_${String(index + 1).padStart(6, "0")}`;
    const pathname = recorded.path.split("?")[0] ?? "";
    if (!format.paths.includes(pathname)) {
      send(
        res,
        format.renderError({ status: 404, message: `stub server: no route ${pathname}` }, requestId),
        requestId,
      );
      return;
    }
    requests.push(recorded);
    let reply: StubResponse | undefined;
    if (queue !== undefined) reply = queue.shift();
    else if (typeof handler === "function") reply = await handler(recorded, requests.length - 1);
    if (reply === undefined) {
      const message = `stub server: no scripted reply left for request #${requests.length}`;
      send(res, format.renderError({ status: 400, message }, requestId), requestId);
      return;
    }
    if (reply.delayMs !== undefined && reply.delayMs > 0) await sleep(reply.delayMs, timers);
    if (res.destroyed || res.writableEnded) return;
    let rendered: Rendered;
    if ("raw" in reply) {
      rendered = { status: reply.raw.status, headers: reply.raw.headers ?? {}, json: reply.raw.body };
    } else if ("error" in reply) {
      rendered = format.renderError(reply.error, requestId);
      rendered.headers = { ...rendered.headers, ...reply.headers };
    } else {
      rendered = format.render(reply, recorded, requestId);
      rendered.headers = { ...rendered.headers, ...reply.headers };
    }
    send(res, rendered, requestId);
  };

  const send = (res: ServerResponse, rendered: Rendered, requestId: string) => {
    const headers: Record<string, string> = { [format.requestIdHeader]: requestId, ...rendered.headers };
    if ("sse" in rendered) {
      res.writeHead(rendered.status, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
        ...headers,
      });
      for (const event of rendered.sse) {
        res.write(`${event.event === undefined ? "" : `event: ${event.event}\n`}data: ${event.data}\n\n`);
      }
      res.end();
      return;
    }
    const payload = typeof rendered.json === "string" ? rendered.json : JSON.stringify(rendered.json);
    res.writeHead(rendered.status, {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(payload)),
      ...headers,
    });
    res.end(payload);
  };

  const server = createServer((req, res) => {
    respond(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `stub server handler failed: ${String(error)}` } }));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}${format.basePath}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A rough token count (about 4 characters a token), for default usage figures. */
export function estimateTokens(value: unknown): number {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return Math.max(1, Math.ceil(text.length / 4));
}

export function retryAfterHeaders(retryAfterMs: number | undefined): Record<string, string> {
  if (retryAfterMs === undefined) return {};
  return { "retry-after-ms": String(retryAfterMs), "retry-after": String(Math.ceil(retryAfterMs / 1000)) };
}
