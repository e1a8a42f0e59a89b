/**
 * The meta agent's tools: the host's file editor (ctx.files) as model tools, plus read access
 * to peers' files. A tool failure is a result the model reads ("Error: ..."), never a crash.
 */
import type { FileEditor, Peer, ToolCall, ToolSpec } from "./types.js";

/** Long tool output keeps its head and tail; the middle is dropped (as in DGM's tools). */
export const MAX_TOOL_OUTPUT_CHARS = 10_000;

const path = { type: "string", description: "Path relative to the program's folder, e.g. task_agent.ts" };

export const TOOLS: ToolSpec[] = [
  {
    name: "list",
    description: "List the files of the program's folder (or of a sub-folder).",
    parameters: {
      type: "object",
      properties: { dir: { type: "string", description: "Sub-folder; default the root" } },
    },
  },
  {
    name: "view",
    description:
      "Show a file with line numbers, optionally only lines start..end (1-based, end -1 = last line).",
    parameters: {
      type: "object",
      properties: { path, start: { type: "integer" }, end: { type: "integer" } },
      required: ["path"],
    },
  },
  {
    name: "create",
    description: "Create a file, or overwrite it entirely, with the given content.",
    parameters: {
      type: "object",
      properties: { path, content: { type: "string" } },
      required: ["path", "content"],
    },
  },
  {
    name: "str_replace",
    description:
      "Replace the single occurrence of old_str in a file with new_str. old_str must match exactly (whitespace included) and occur once.",
    parameters: {
      type: "object",
      properties: { path, old_str: { type: "string" }, new_str: { type: "string" } },
      required: ["path", "old_str", "new_str"],
    },
  },
  {
    name: "insert",
    description: "Insert text after line `line` of a file (0 inserts at the top).",
    parameters: {
      type: "object",
      properties: { path, line: { type: "integer" }, text: { type: "string" } },
      required: ["path", "line", "text"],
    },
  },
  {
    name: "undo",
    description: "Revert the last create, str_replace or insert made on a file.",
    parameters: { type: "object", properties: { path }, required: ["path"] },
  },
  {
    name: "view_peer_file",
    description:
      "Read a file of another program in the archive (a peer, by node id), to reuse its ideas. Without path, lists its files.",
    parameters: {
      type: "object",
      properties: { node_id: { type: "string" }, path: { type: "string" } },
      required: ["node_id"],
    },
  },
];

export function clipMiddle(text: string, max = MAX_TOOL_OUTPUT_CHARS): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n[... ${text.length - 2 * half} characters omitted ...]\n${text.slice(-half)}`;
}

function field(args: Record<string, unknown>, name: string, type: "string" | "number"): unknown {
  const value = args[name];
  if (typeof value !== type) throw new Error(`argument "${name}" must be a ${type}`);
  return value;
}

/** How much of arguments that did not parse is shown back to the model. */
const MAX_RAW_ARGUMENTS_CHARS = 500;

/** Runs one tool call; always resolves to the text the model sees. */
export async function runTool(call: ToolCall, files: FileEditor, peers: readonly Peer[]): Promise<string> {
  if (call.argumentsError !== undefined) {
    // Not run: the model sees why and can call the tool again (a failed result, not a crash).
    const raw = clipMiddle(call.rawArguments ?? "", MAX_RAW_ARGUMENTS_CHARS);
    return (
      `Error: the arguments were not valid JSON: ${call.argumentsError} — call the tool again with a JSON object` +
      (raw === "" ? "." : `. You sent: ${raw}`)
    );
  }
  try {
    const args =
      typeof call.arguments === "object" && call.arguments !== null
        ? (call.arguments as Record<string, unknown>)
        : {};
    switch (call.name) {
      case "list":
        return clipMiddle(await files.list(typeof args.dir === "string" ? args.dir : undefined));
      case "view": {
        const p = field(args, "path", "string") as string;
        const hasRange = typeof args.start === "number" || typeof args.end === "number";
        const range: [number, number] = [
          typeof args.start === "number" ? args.start : 1,
          typeof args.end === "number" ? args.end : -1,
        ];
        return clipMiddle(await (hasRange ? files.view(p, range) : files.view(p)));
      }
      case "create":
        return await files.create(
          field(args, "path", "string") as string,
          field(args, "content", "string") as string,
        );
      case "str_replace":
        return await files.strReplace(
          field(args, "path", "string") as string,
          field(args, "old_str", "string") as string,
          field(args, "new_str", "string") as string,
        );
      case "insert":
        return await files.insert(
          field(args, "path", "string") as string,
          field(args, "line", "number") as number,
          field(args, "text", "string") as string,
        );
      case "undo":
        return await files.undo(field(args, "path", "string") as string);
      case "view_peer_file": {
        const id = field(args, "node_id", "string") as string;
        const peer = peers.find((p) => p.nodeId === id);
        if (!peer) return `Error: no peer "${id}"; peers: ${peers.map((p) => p.nodeId).join(", ") || "none"}`;
        if (typeof args.path !== "string") return Object.keys(peer.files).sort().join("\n");
        const content = peer.files[args.path];
        return content === undefined ? `Error: peer ${id} has no file ${args.path}` : clipMiddle(content);
      }
      default:
        return `Error: unknown tool "${call.name}"; the tools are ${TOOLS.map((t) => t.name).join(", ")}`;
    }
  } catch (error) {
    return `Error: ${error instanceof Error ? error.message : String(error)}`;
  }
}
