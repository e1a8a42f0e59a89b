/**
 * The host side of `ctx.llm`, `ctx.files` and `ctx.tools`. Each handler checks the call before doing any
 * work (run still going, call count, argument size before parsing) and always resolves to a
 * string, never rejects: a refused, failed or late call reaches the program as a thrown error
 * (`ctx.llm`) or an "Error: …" string (`ctx.files`), and nothing is left for the host to leave
 * unhandled once the isolate is gone.
 */
import type { ChatModel, ChatRequest } from "../sdk/llm/types.js";
import type { JsonValue } from "./ctx-contract.js";
import type { FileEditor } from "./file-editor.js";
import type { TaskTool } from "./types.js";

export interface CapabilityState {
  ended: boolean;
  toolCalls: number;
  inFlight: number;
  /** ctx.files calls in flight: local work of the host, not the program waiting. */
  filesInFlight: number;
}

export interface CapabilityHostOptions {
  model: ChatModel | undefined;
  editor: FileEditor | undefined;
  /** The task's tools; only own properties are callable. */
  tools?: Readonly<Record<string, TaskTool>> | undefined;
  maxToolCalls: number;
  maxArgumentChars: number;
  state: CapabilityState;
  /** Aborted when the run ends; passed to the model instead of anything the program sent. */
  signal: AbortSignal;
  /** Past maxToolCalls: the run ends as `limit`. */
  onLimit(message: string): void;
  /** A call settled: the isolate has a continuation to run. */
  onSettled(): void;
}

export interface CapabilityHost {
  /** "ok\n<response JSON>" or "error\n<message>". */
  llm(json: unknown): Promise<string>;
  /** The editor's answer, or "Error: …". */
  files(method: unknown, argsJson: unknown): Promise<string>;
  /** "ok\n<result JSON>" or "error\n<message>". */
  tools(name: unknown, argsJson: unknown): Promise<string>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createCapabilityHost(options: CapabilityHostOptions): CapabilityHost {
  const { state } = options;

  /** Counts a call; returns why it is refused, if it is. */
  function admit(): string | undefined {
    if (state.ended) return "the run has ended; capability calls are refused";
    state.toolCalls++;
    if (state.toolCalls > options.maxToolCalls) {
      const message = `The program exceeded maxToolCalls (${options.maxToolCalls} capability calls).`;
      options.onLimit(message);
      return message;
    }
    return undefined;
  }

  function oversized(what: string, json: string): string | undefined {
    if (json.length <= options.maxArgumentChars) return undefined;
    return `${what} is ${json.length} characters of JSON, more than maxArgumentChars (${options.maxArgumentChars})`;
  }

  async function llm(json: unknown): Promise<string> {
    const refused = admit();
    if (refused) return `error\n${refused}`;
    if (!options.model) return "error\nctx.llm is not available in this run: the host gave no model.";
    if (typeof json !== "string") return "error\nctx.llm.generate takes one request object.";
    const tooBig = oversized("the request", json);
    if (tooBig) return `error\nctx.llm.generate: ${tooBig}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return "error\nctx.llm.generate: the request is not JSON.";
    }
    if (typeof parsed !== "object" || parsed === null || !Array.isArray((parsed as ChatRequest).messages)) {
      return "error\nctx.llm.generate needs a request with a messages array.";
    }
    // The program's signal (if it made one) never crosses; the host's ends with the run.
    const { signal: _ignored, ...rest } = parsed as ChatRequest & { signal?: unknown };
    state.inFlight++;
    try {
      const response = await options.model.generate({ ...rest, signal: options.signal });
      if (state.ended) return "error\nthe run has ended";
      return `ok\n${JSON.stringify(response)}`;
    } catch (error) {
      return `error\nctx.llm.generate failed: ${messageOf(error)}`;
    } finally {
      state.inFlight--;
      options.onSettled();
    }
  }

  async function files(method: unknown, argsJson: unknown): Promise<string> {
    const refused = admit();
    if (refused) return `Error: ${refused}`;
    const editor = options.editor;
    if (!editor) return "Error: ctx.files is not available in this run: the host gave no folder.";
    if (typeof method !== "string" || typeof argsJson !== "string") return "Error: bad call";
    const tooBig = oversized("the call", argsJson);
    if (tooBig) return `Error: ctx.files.${method}: ${tooBig}`;
    let args: unknown;
    try {
      args = JSON.parse(argsJson);
    } catch {
      return "Error: arguments must be JSON values.";
    }
    if (!Array.isArray(args)) return "Error: bad call";
    const optional = (value: unknown) => (value === undefined || value === null ? undefined : value);
    state.inFlight++;
    state.filesInFlight++;
    try {
      switch (method) {
        case "list":
          return await editor.list(optional(args[0]) as string | undefined);
        case "view":
          return await editor.view(args[0], optional(args[1]) as [number, number] | undefined);
        case "create":
          return await editor.create(args[0], args[1]);
        case "strReplace":
          return await editor.strReplace(args[0], args[1], args[2]);
        case "insert":
          return await editor.insert(args[0], args[1], args[2]);
        case "undo":
          return await editor.undo(args[0]);
        default:
          return `Error: unknown file operation ${method}`;
      }
    } catch {
      // The editor reports its own failures; anything else is not described (it may name host paths).
      return `Error: ctx.files.${method} failed`;
    } finally {
      state.inFlight--;
      state.filesInFlight--;
      options.onSettled();
    }
  }

  /** Settles when the run's signal aborts: a tool that ignores it cannot hold the call open. */
  const ended = new Promise<"ended">((resolve) => {
    if (options.signal.aborted) resolve("ended");
    else options.signal.addEventListener("abort", () => resolve("ended"), { once: true });
  });

  async function tools(name: unknown, argsJson: unknown): Promise<string> {
    const refused = admit();
    if (refused) return `error\n${refused}`;
    if (typeof name !== "string" || typeof argsJson !== "string") return "error\nctx.tools: bad call";
    const tool =
      options.tools !== undefined && Object.hasOwn(options.tools, name) ? options.tools[name] : undefined;
    if (tool === undefined) return `error\nctx.tools has no tool ${JSON.stringify(name)}`;
    const tooBig = oversized("the arguments", argsJson);
    if (tooBig) return `error\nctx.tools.${name}: ${tooBig}`;
    let args: JsonValue;
    try {
      args = JSON.parse(argsJson) as JsonValue;
    } catch {
      return `error\nctx.tools.${name}: the arguments are not JSON.`;
    }
    state.inFlight++;
    try {
      // The tool's own promise is always observed (no unhandled rejection), even after the run.
      const running = Promise.resolve()
        .then(() => tool.run(args, options.signal))
        .then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, message: messageOf(error) }),
        );
      const outcome = await Promise.race([running, ended]);
      if (outcome === "ended" || state.ended) return "error\nthe run has ended";
      if (!outcome.ok) return `error\nctx.tools.${name} failed: ${outcome.message}`;
      let json: string | undefined;
      try {
        json = JSON.stringify(outcome.value);
      } catch (error) {
        return `error\nctx.tools.${name} returned a value that is not JSON: ${messageOf(error)}`;
      }
      if (json === undefined) return `error\nctx.tools.${name} returned a value that is not JSON.`;
      const resultTooBig = oversized("the result", json);
      if (resultTooBig) return `error\nctx.tools.${name}: ${resultTooBig}`;
      return `ok\n${json}`;
    } finally {
      state.inFlight--;
      options.onSettled();
    }
  }

  return { llm, files, tools };
}
