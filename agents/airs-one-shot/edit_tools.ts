/**
 * The meta agent's tools: `ctx.files` (this program's folder) offered to the model as tools,
 * plus reading other archive programs' files. Every call ends in text for the model; a failure
 * is text starting with "Error: ", never a thrown error.
 */
import type { FileEditor, Peer, ToolCall, ToolSpec } from "./types.js";

/** Output past this length keeps its start and end. */
const OUTPUT_LIMIT = 10_000;

const pathArg = { type: "string", description: "a path inside this program's folder, e.g. params.ts" };
const object = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: "object",
  properties,
  required,
});

export const EDIT_TOOLS: ToolSpec[] = [
  {
    name: "list",
    description: "List the program's files (or a sub-folder's).",
    parameters: object({ dir: { type: "string" } }),
  },
  {
    name: "view",
    description: "Show a file with line numbers; start/end (1-based, end -1 = last) show a part.",
    parameters: object({ path: pathArg, start: { type: "integer" }, end: { type: "integer" } }, ["path"]),
  },
  {
    name: "create",
    description: "Write a whole file (new, or replacing the old content).",
    parameters: object({ path: pathArg, content: { type: "string" } }, ["path", "content"]),
  },
  {
    name: "str_replace",
    description: "Replace old_str, which must occur exactly once in the file, with new_str.",
    parameters: object({ path: pathArg, old_str: { type: "string" }, new_str: { type: "string" } }, [
      "path",
      "old_str",
      "new_str",
    ]),
  },
  {
    name: "insert",
    description: "Insert text after the given line (0 = at the top).",
    parameters: object({ path: pathArg, line: { type: "integer" }, text: { type: "string" } }, [
      "path",
      "line",
      "text",
    ]),
  },
  {
    name: "undo",
    description: "Undo the last edit of a file.",
    parameters: object({ path: pathArg }, ["path"]),
  },
  {
    name: "view_peer_file",
    description: "Read a file of another program of the archive (by node id); without path, list its files.",
    parameters: object({ node_id: { type: "string" }, path: { type: "string" } }, ["node_id"]),
  },
];

export function clip(text: string, limit = OUTPUT_LIMIT): string {
  if (text.length <= limit) return text;
  const half = Math.floor(limit / 2);
  return `${text.slice(0, half)}\n[... ${text.length - 2 * half} characters left out ...]\n${text.slice(-half)}`;
}

function str(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== "string") throw new Error(`"${name}" must be a string`);
  return value;
}

function int(args: Record<string, unknown>, name: string): number {
  const value = args[name];
  if (typeof value !== "number") throw new Error(`"${name}" must be a number`);
  return value;
}

function peerFile(args: Record<string, unknown>, peers: readonly Peer[]): string {
  const id = str(args, "node_id");
  const peer = peers.find((candidate) => candidate.nodeId === id);
  if (peer === undefined)
    return `Error: no peer "${id}" (peers: ${peers.map((p) => p.nodeId).join(", ") || "none"})`;
  if (typeof args.path !== "string") return Object.keys(peer.files).sort().join("\n");
  const content = peer.files[args.path];
  return content === undefined ? `Error: peer ${id} has no file ${args.path}` : clip(content);
}

async function dispatch(
  name: string,
  args: Record<string, unknown>,
  files: FileEditor,
  peers: readonly Peer[],
) {
  switch (name) {
    case "list":
      return clip(await files.list(typeof args.dir === "string" ? args.dir : undefined));
    case "view": {
      if (typeof args.start !== "number" && typeof args.end !== "number")
        return clip(await files.view(str(args, "path")));
      const start = typeof args.start === "number" ? args.start : 1;
      return clip(await files.view(str(args, "path"), [start, typeof args.end === "number" ? args.end : -1]));
    }
    case "create":
      return files.create(str(args, "path"), str(args, "content"));
    case "str_replace":
      return files.strReplace(str(args, "path"), str(args, "old_str"), str(args, "new_str"));
    case "insert":
      return files.insert(str(args, "path"), int(args, "line"), str(args, "text"));
    case "undo":
      return files.undo(str(args, "path"));
    case "view_peer_file":
      return peerFile(args, peers);
    default:
      return `Error: no tool "${name}"; the tools are ${EDIT_TOOLS.map((tool) => tool.name).join(", ")}`;
  }
}

/** Runs one tool call and returns what the model reads. */
export async function runEditTool(
  call: ToolCall,
  files: FileEditor,
  peers: readonly Peer[],
): Promise<string> {
  if (call.argumentsError !== undefined) {
    const sent = clip(call.rawArguments ?? "", 500);
    return `Error: the arguments were not valid JSON: ${call.argumentsError} — call the tool again with a JSON object${sent ? `. You sent: ${sent}` : "."}`;
  }
  const args =
    call.arguments !== null && typeof call.arguments === "object"
      ? (call.arguments as Record<string, unknown>)
      : {};
  try {
    return await dispatch(call.name, args, files, peers);
  } catch (error) {
    return `Error: ${error instanceof Error ? error.message : String(error)}`;
  }
}
