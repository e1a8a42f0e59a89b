/**
 * The shapes this program receives from the host (the hyperagents engine). A program cannot
 * import from outside its folder, so the contract is restated here. Everything crossing the
 * sandbox boundary is plain JSON; `ctx.files` and `ctx.llm` are async proxies to the host.
 */

/** `ctx.files`: an editor over this program's own folder. Every call resolves to a string; a failure starts with "Error: ". */
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

export type Message =
  | { role: "user"; content: string }
  | { role: "assistant"; content: string; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; name?: string; content: string; isError?: boolean };

export interface ChatRequest {
  messages: Message[];
  system?: string;
  tools?: ToolSpec[];
  toolChoice?: "auto" | "none" | "required" | { name: string };
  temperature?: number;
  maxTokens?: number;
  metadata?: { [key: string]: string };
}

export interface ChatResponse {
  text: string;
  toolCalls: ToolCall[];
  usage: { inputTokens: number; outputTokens: number };
  costUsd: number;
  model: string;
  finishReason: string;
  /** Request options the provider did not send (e.g. temperature), one sentence each. */
  warnings?: string[];
}

export interface Llm {
  /** The host's model (metered; the program never sees a key). Rejects on failure (budget, offline model, provider error). */
  generate(request: ChatRequest): Promise<ChatResponse>;
}

export interface TaskAgentContext {
  data: { task: { id: string; description: string } };
  llm: Llm;
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
  parentId: string | null;
  generation: number;
  iterationsLeft: number;
  tasks: { id: string; description: string }[];
  evaluations: EvaluationSummary[];
  peers: Peer[];
  /** Set by the `dgm` baseline: a problem statement to implement. */
  instruction?: string;
}

export interface MetaAgentContext {
  files: FileEditor;
  llm: Llm;
  log(...args: unknown[]): void;
  data: MetaData;
}
