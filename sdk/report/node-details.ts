/**
 * The heavy per-node text of a report (diff from the parent, meta log, meta transcript), read from
 * nodes/<id>/ and cut to sizes a browser shows comfortably, with a note saying what was cut.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { NodeDetails, TranscriptView } from "./report-types.js";

export interface DetailLimits {
  diffChars: number;
  metaLogChars: number;
  transcriptChars: number;
  messageChars: number;
}

export const DEFAULT_DETAIL_LIMITS: DetailLimits = {
  diffChars: 200_000,
  metaLogChars: 64_000,
  transcriptChars: 400_000,
  messageChars: 20_000,
};

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

export function readNodeDetails(
  runDir: string,
  nodeId: string,
  limits: DetailLimits = DEFAULT_DETAIL_LIMITS,
): NodeDetails {
  const dir = join(runDir, "nodes", nodeId);
  const diff = readText(join(dir, "diff.patch"));
  const metaLog = readText(join(dir, "meta.log"));
  const transcriptText = readText(join(dir, "transcript.json"));
  const details: NodeDetails = {
    diff,
    diffNote: null,
    metaLog,
    metaLogNote: null,
    transcript: null,
    transcriptNote: null,
  };
  if (diff !== null && diff.length > limits.diffChars) {
    // Cut at a line boundary so the +/- colouring stays right.
    const cut = diff.lastIndexOf("\n", limits.diffChars);
    details.diff = diff.slice(0, cut > 0 ? cut : limits.diffChars);
    details.diffNote = `diff truncated: showing ${details.diff.length.toLocaleString("en")} of ${diff.length.toLocaleString("en")} characters (full diff in nodes/${nodeId}/diff.patch)`;
  }
  if (metaLog !== null && metaLog.length > limits.metaLogChars) {
    // Keep the head (what the agent set out to do) and the longer tail (where it failed).
    const head = Math.floor(limits.metaLogChars / 8);
    const tail = limits.metaLogChars - head;
    details.metaLog = `${metaLog.slice(0, head)}\n…\n${metaLog.slice(metaLog.length - tail)}`;
    details.metaLogNote = `meta log truncated: ${(metaLog.length - limits.metaLogChars).toLocaleString("en")} characters from the middle left out (full log in nodes/${nodeId}/meta.log)`;
  }
  if (transcriptText !== null) {
    const parsed = parseTranscript(transcriptText, limits);
    details.transcript = parsed.entries;
    details.transcriptNote = parsed.note;
  }
  return details;
}

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => value !== null && typeof value === "object";

function clip(text: string, max: number): string {
  return text.length > max
    ? `${text.slice(0, max)}\n… (${(text.length - max).toLocaleString("en")} more characters)`
    : text;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (isObject(part) && typeof part.text === "string" ? part.text : "")).join("");
  }
  return "";
}

function toolCallText(call: unknown): string {
  if (!isObject(call)) return "";
  return `${String(call.name ?? "tool")}(${JSON.stringify(call.arguments ?? {})})`;
}

/** transcript.json is an array of { request, response?, error?, latencyMs } (see metered-model.ts). */
export function parseTranscript(
  text: string,
  limits: DetailLimits = DEFAULT_DETAIL_LIMITS,
): { entries: TranscriptView[]; note: string | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {
      entries: [],
      note: "transcript.json is not valid JSON (the run may have been killed while writing it)",
    };
  }
  if (!Array.isArray(raw)) return { entries: [], note: "transcript.json is not a list of model calls" };
  const entries: TranscriptView[] = [];
  let used = 0;
  let previous: { role: string; text: string }[] = [];
  for (const item of raw) {
    if (!isObject(item)) continue;
    const request = isObject(item.request) ? item.request : {};
    const messages = (Array.isArray(request.messages) ? request.messages : [])
      .filter(isObject)
      .map((message) => {
        const calls = Array.isArray(message.toolCalls) ? message.toolCalls.map(toolCallText) : [];
        const name = typeof message.name === "string" ? ` ${message.name}` : "";
        const body = [contentText(message.content), ...calls.map((call) => `→ ${call}`)]
          .filter(Boolean)
          .join("\n");
        return { role: `${String(message.role ?? "?")}${name}`, text: clip(body, limits.messageChars) };
      });
    // Agent loops resend the whole conversation each call: show only what is new since the last.
    let repeated = 0;
    while (
      repeated < previous.length &&
      repeated < messages.length &&
      previous[repeated]!.role === messages[repeated]!.role &&
      previous[repeated]!.text === messages[repeated]!.text
    )
      repeated++;
    previous = messages;
    const response = isObject(item.response) ? item.response : null;
    const usage = response && isObject(response.usage) ? response.usage : null;
    const entry: TranscriptView = {
      latencyMs: typeof item.latencyMs === "number" ? item.latencyMs : 0,
      system: typeof request.system === "string" ? clip(request.system, limits.messageChars) : null,
      repeated,
      messages: messages.slice(repeated),
      tools: (Array.isArray(request.tools) ? request.tools : [])
        .filter(isObject)
        .map((tool) => String(tool.name)),
      response: response
        ? {
            text: clip(typeof response.text === "string" ? response.text : "", limits.messageChars),
            toolCalls: (Array.isArray(response.toolCalls) ? response.toolCalls : []).map(toolCallText),
            tokens: usage
              ? `${Number(usage.inputTokens ?? 0)} in / ${Number(usage.outputTokens ?? 0)} out`
              : "",
            costUsd: typeof response.costUsd === "number" ? response.costUsd : null,
          }
        : null,
      error: typeof item.error === "string" ? item.error : null,
    };
    used += JSON.stringify(entry).length;
    if (used > limits.transcriptChars && entries.length > 0) {
      return {
        entries,
        note: `transcript truncated: showing ${entries.length} of ${raw.length} model calls (full transcript in transcript.json)`,
      };
    }
    entries.push(entry);
  }
  return { entries, note: null };
}
