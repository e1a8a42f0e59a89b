/**
 * The shapes this program receives from the host (the hyperagents engine): a copy of the ctx
 * contract, version 1 (sandbox/ctx-contract.ts). A program cannot import from outside its
 * folder, so the contract is restated here; the repository's type check fails if it drifts.
 * Everything crossing the sandbox boundary is plain JSON; `ctx.files`, `ctx.llm` and
 * `ctx.tools` are async proxies to the host.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** `ctx.files`: an editor over the program's own folder. Every call resolves to a string; a failure starts with "Error: ". */
export interface FileEditor {
  list(dir?: string): Promise<string>;
  /** The file with line numbers ("     12\ttext"), optionally lines [start, end] (end -1 = last). */
  view(path: string, range?: [number, number]): Promise<string>;
  create(path: string, content: string): Promise<string>;
  strReplace(path: string, oldStr: string, newStr: string): Promise<string>;
  insert(path: string, line: number, text: string): Promise<string>;
  undo(path: string): Promise<string>;
}

export interface ToolSpec {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: { [key: string]: unknown };
}

export interface ToolCall {
  id: string;
  name: string;
  /** The parsed JSON arguments; `{}` when `argumentsError` is set. */
  arguments: unknown;
  /** Set when the model's arguments were not a JSON object: why they did not parse. */
  argumentsError?: string;
  /** The arguments as the model wrote them; set with `argumentsError`. */
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

export interface ChatRequest {
  messages: Message[];
  system?: string;
  tools?: ToolSpec[];
  toolChoice?: "auto" | "none" | "required" | { name: string };
  temperature?: number;
  maxTokens?: number;
  metadata?: { [key: string]: string };
}

/** Why the model stopped; a provider reason with no match here is "other". */
export type FinishReason = "stop" | "tool_calls" | "length" | "content_filter" | "other";

export interface ChatResponse {
  text: string;
  toolCalls: ToolCall[];
  usage: { inputTokens: number; outputTokens: number };
  costUsd: number;
  model: string;
  finishReason: FinishReason;
  /** Set by middleware only (e.g. `cache` on a replayed response). */
  middlewareMetadata?: { cache?: { hit: true; hash: string } };
  /** Request options the provider did not send (e.g. temperature), one sentence each. */
  warnings?: string[];
}

export interface Llm {
  /** The host's model (metered; the program never sees a key). Rejects on failure (budget, offline model, provider error). */
  generate(request: ChatRequest): Promise<ChatResponse>;
}

/**
 * One task tool: a host function the task hands its agent. JSON in, JSON out; each call counts
 * against the run's tool-call limit; a tool that fails rejects with the tool's message.
 */
export interface TaskToolProxy {
  (args?: JsonValue): Promise<JsonValue>;
  readonly description: string;
  /** JSON Schema of the arguments, when the task gave one. */
  readonly parameters: { readonly [key: string]: unknown } | null;
}

/** `ctx.tools`: the task's tools by name (empty when the task has none). `Object.keys` lists them. */
export interface TaskTools {
  readonly [name: string]: TaskToolProxy;
}

export interface TaskAgentContext {
  /** The ctx contract version (sandbox/ctx-contract.ts CTX_VERSION). */
  version: 1;
  data: { task: { id: string; description: string } };
  llm: Llm;
  tools: TaskTools;
  log(...args: unknown[]): void;
}

export interface InstanceResult {
  id: string;
  score: number;
  error?: string;
  details?: unknown;
}

/** One train-split evaluation of a node of this program's lineage (parent first). */
export interface EvaluationSummary {
  nodeId: string;
  taskId: string;
  split: string;
  /** Null when the node was not scored on this task. */
  score: number | null;
  instances: InstanceResult[];
}

/** Another valid archive member, for recombination. */
export interface Peer {
  nodeId: string;
  score: number;
  files: { [path: string]: string };
}

export interface MetaData {
  nodeId: string;
  parentId: string;
  generation: number;
  iterationsLeft: number;
  tasks: { id: string; description: string }[];
  evaluations: EvaluationSummary[];
  peers: Peer[];
  /** Set by the `dgm` baseline: a problem statement to implement. */
  instruction?: string;
}

export interface MetaAgentContext {
  /** The ctx contract version (sandbox/ctx-contract.ts CTX_VERSION). */
  version: 1;
  files: FileEditor;
  llm: Llm;
  /** Empty: tasks hand tools to task agents only (the runtime gives every entry the field). */
  tools: TaskTools;
  log(...args: unknown[]): void;
  data: MetaData;
}
