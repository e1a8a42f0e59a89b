/**
 * The model contract. Every provider (OpenAI, Anthropic, LangChain, offline) and every
 * middleware (retry, cache, ledger, budget, concurrency, transcript) speaks exactly this.
 */

/** The version of this contract. Bump it (and teach `wrapModel` the old one) when it changes. */
export type SpecificationVersion = "v1";

/** A JSON Schema object describing a tool's parameters. */
export type JSONSchema = { [key: string]: unknown };

export interface ToolSpec {
  name: string;
  description?: string;
  parameters: JSONSchema;
}

export interface ToolCall {
  id: string;
  name: string;
  /** The parsed JSON arguments; `{}` when `argumentsError` is set. */
  arguments: unknown;
  /**
   * Set when the model's arguments were not a JSON object: the parse error. The call is still
   * returned so that a tool loop can answer it with a failed tool result and let the model retry.
   */
  argumentsError?: string;
  /** The arguments exactly as the model wrote them; set with `argumentsError`. */
  rawArguments?: string;
}

export interface TextPart {
  type: "text";
  text: string;
}

export type MessageContent = string | TextPart[];

export type Message =
  | { role: "user"; content: MessageContent }
  | { role: "assistant"; content: MessageContent; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; name?: string; content: MessageContent; isError?: boolean };

export type ToolChoice = "auto" | "none" | "required" | { name: string };

export interface ChatRequest {
  messages: Message[];
  system?: string;
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Free-form labels (role, node id, task) that middleware such as the cost ledger reads. */
  metadata?: Record<string, string>;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * Why the model stopped, in one vocabulary for every provider. A provider reason with no match
 * here is "other" (the provider's own word is not kept: nothing may branch on it).
 */
export type FinishReason = "stop" | "tool_calls" | "length" | "content_filter" | "other";

/** What the record/replay cache adds to a response it answered from disk. */
export interface CacheMetadata {
  hit: true;
  /** The request hash: the cassette is `<hash>.json` in the cache folder. */
  hash: string;
}

/**
 * Fields that middleware owns, one key per middleware; providers never set them. Keep values
 * JSON (they cross the sandbox boundary and go into transcripts and cassettes).
 */
export interface MiddlewareMetadata {
  cache?: CacheMetadata;
}

export interface ChatResponse {
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
  costUsd: number;
  model: string;
  finishReason: FinishReason;
  /** Set by middleware only (e.g. `middlewareMetadata.cache` on a replayed response). */
  middlewareMetadata?: MiddlewareMetadata;
  /**
   * Request options the provider did not send (Anthropic's temperature without
   * `sendTemperature`, LangChain's per-call temperature and max tokens), one sentence each.
   */
  warnings?: string[];
}

export interface ChatModel {
  /**
   * The contract version this model implements. Every shipped provider and `wrapModel` set it;
   * a model you write yourself may leave it out, which means "v1".
   */
  readonly specificationVersion?: SpecificationVersion;
  /** The spec this model answers to, e.g. "openai:gpt-4o-mini". */
  readonly id: string;
  generate(request: ChatRequest): Promise<ChatResponse>;
}
