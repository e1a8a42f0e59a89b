/**
 * The program contract: the `ctx` a hyperagent program's entry points receive, declared once.
 * `ctx.version` carries CTX_VERSION so a program can check what it runs under. Bump the version
 * when a field changes meaning or goes away (adding an optional field does not need a bump).
 *
 * A shipped program cannot import from outside its folder, so agents/initial/types.ts,
 * agents/offline/types.ts and examples/custom-meta-agent/types.ts restate it;
 * agents/test/ctx-contract.test.ts makes the compiler fail when a copy drifts from this file.
 * Everything here is plain JSON crossing the sandbox boundary, or an async proxy to the host.
 */

import type { ChatResponse, ChatRequest as SdkChatRequest } from "../sdk/llm/types.js";
import type { FileEditor } from "./file-editor.js";

/** The ctx contract version a program sees as `ctx.version`. */
export const CTX_VERSION = 1;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

// The model types are the SDK's as JSON (no AbortSignal crosses the boundary), and `ctx.files`
// is the sandbox's editor: derived here, not restated, so the contract cannot drift from them.
export type {
  ChatResponse,
  FinishReason,
  Message,
  MessageContent,
  TextPart,
  ToolCall,
  ToolSpec,
} from "../sdk/llm/types.js";
export type { FileEditor } from "./file-editor.js";

export type ChatRequest = Omit<SdkChatRequest, "signal">;

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
  version: typeof CTX_VERSION;
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
  version: typeof CTX_VERSION;
  files: FileEditor;
  llm: Llm;
  /** Empty: tasks hand tools to task agents only (the runtime gives every entry the field). */
  tools: TaskTools;
  log(...args: unknown[]): void;
  data: MetaData;
}
