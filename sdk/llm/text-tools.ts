import { ModelOutputError } from "../errors.js";
import { contentText } from "./content.js";
import { extractJsonObject, parseLooseJson } from "./loose-json.js";
import { toolCallFromText, toolCallFromValue } from "./tool-arguments.js";
import type { ChatModel, ChatRequest, ChatResponse, Message, ToolCall, ToolSpec } from "./types.js";

/**
 * The text tool protocol, for models without native tool calling (small local models, plain
 * completion servers). Tools are described in the system prompt; the model answers either in
 * plain text or with exactly one JSON tool call; earlier tool calls and results are replayed
 * as text. The wrapped model never sees `tools`.
 */
export function withTextTools(model: ChatModel): ChatModel {
  let counter = 0;
  return {
    specificationVersion: "v1",
    id: model.id,
    async generate(request: ChatRequest): Promise<ChatResponse> {
      const tools = request.tools ?? [];
      if (tools.length === 0 || request.toolChoice === "none") {
        const { tools: _tools, toolChoice: _choice, ...rest } = request;
        return model.generate({ ...rest, messages: flattenToolTurns(request.messages) });
      }
      const { tools: _tools, toolChoice: _choice, ...rest } = request;
      const response = await model.generate({
        ...rest,
        system: [request.system ?? "", toolInstructions(tools, request.toolChoice)]
          .filter((s) => s !== "")
          .join("\n\n"),
        messages: flattenToolTurns(request.messages),
      });
      const call = parseTextToolCall(response.text, tools);
      if (call === undefined) {
        if (request.toolChoice === "required" || typeof request.toolChoice === "object") {
          throw new ModelOutputError(
            "the model answered in text but a tool call was required",
            response.text,
          );
        }
        return response;
      }
      counter += 1;
      const toolCall: ToolCall = {
        id: `call_text_${counter}`,
        name: call.name,
        arguments: call.arguments,
        ...(call.argumentsError === undefined
          ? {}
          : { argumentsError: call.argumentsError, rawArguments: call.rawArguments ?? "" }),
      };
      return { ...response, text: call.prose, toolCalls: [toolCall], finishReason: "tool_calls" };
    },
  };
}

export function toolInstructions(tools: ToolSpec[], choice?: ChatRequest["toolChoice"]): string {
  const lines = [
    "You can call tools. To call one, reply with exactly one JSON object in a ```json code block, and nothing after it:",
    '```json\n{"tool": "<tool name>", "arguments": { ... }}\n```',
    "Call at most one tool per reply. The tool's result comes back in the next message. " +
      "When you need no tool, answer in plain text without any JSON tool call.",
  ];
  if (choice === "required") lines.push("You must call a tool in this reply.");
  if (typeof choice === "object") lines.push(`You must call the tool "${choice.name}" in this reply.`);
  lines.push("Available tools:");
  for (const tool of tools) {
    lines.push(
      `- ${tool.name}: ${tool.description ?? "(no description)"}\n  arguments JSON schema: ${JSON.stringify(tool.parameters)}`,
    );
  }
  return lines.join("\n");
}

/** Assistant tool calls become the JSON the model would have written; tool results become user turns. */
function flattenToolTurns(messages: Message[]): Message[] {
  return messages.map((message): Message => {
    if (message.role === "assistant" && message.toolCalls !== undefined && message.toolCalls.length > 0) {
      const text = contentText(message.content);
      const calls = message.toolCalls
        .map(
          (call) => `\`\`\`json\n${JSON.stringify({ tool: call.name, arguments: call.arguments })}\n\`\`\``,
        )
        .join("\n");
      return { role: "assistant", content: text === "" ? calls : `${text}\n${calls}` };
    }
    if (message.role === "tool") {
      const label = message.isError === true ? "failed with error" : "returned";
      return {
        role: "user",
        content: `Tool ${message.name ?? ""} (call ${message.toolCallId}) ${label}:\n${contentText(message.content)}`,
      };
    }
    return message;
  });
}

export interface TextToolCall {
  name: string;
  /** `{}` when `argumentsError` is set. */
  arguments: unknown;
  /** Text the model wrote before the call. */
  prose: string;
  /** The call names a known tool but its JSON does not parse: the parse error. */
  argumentsError?: string;
  /** What did not parse; set with `argumentsError`. */
  rawArguments?: string;
}

/**
 * The tool call in a reply, or undefined when the reply is a plain answer. A call to a known
 * tool whose JSON does not parse comes back with `argumentsError` (the tool loop answers it and
 * the model can try again). A reply that clearly tries to call a tool but names none that can be
 * read (or an unknown one) throws ModelOutputError with the raw text.
 */
export function parseTextToolCall(text: string, tools: ToolSpec[]): TextToolCall | undefined {
  const candidate = extractJsonObject(text);
  if (candidate === undefined) return undefined;
  const looksLikeCall = /["']?(tool|name|function)["']?\s*:/.test(candidate);
  const parsed = parseLooseJson(candidate);
  if (!parsed.ok) {
    if (!looksLikeCall) return undefined;
    const named = /["']?(?:tool|name|function)["']?\s*:\s*["']([^"'\n]+)["']/.exec(candidate)?.[1];
    if (named !== undefined && tools.some((t) => t.name === named)) {
      return {
        name: named,
        arguments: {},
        prose: proseBefore(text),
        argumentsError: parsed.error,
        rawArguments: candidate,
      };
    }
    throw new ModelOutputError(`malformed JSON tool call: ${parsed.error}`, text);
  }
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const fn = typeof record.function === "object" && record.function !== null ? record.function : undefined;
  const source = (fn ?? record) as Record<string, unknown>;
  const name =
    source.tool ?? source.name ?? (typeof record.function === "string" ? record.function : undefined);
  if (typeof name !== "string") return undefined;
  const tool = tools.find((t) => t.name === name);
  if (tool === undefined) {
    if (!looksLikeCall) return undefined;
    throw new ModelOutputError(
      `the model called unknown tool "${name}"; available: ${tools.map((t) => t.name).join(", ")}`,
      text,
    );
  }
  const args: unknown = source.arguments ?? source.args ?? source.parameters ?? source.input ?? {};
  const call =
    typeof args === "string" ? toolCallFromText("", name, args) : toolCallFromValue("", name, args);
  return {
    name,
    arguments: call.arguments,
    prose: proseBefore(text),
    ...(call.argumentsError === undefined
      ? {}
      : { argumentsError: call.argumentsError, rawArguments: call.rawArguments ?? "" }),
  };
}

function proseBefore(text: string): string {
  const at = text.indexOf("```");
  const braceAt = text.indexOf("{");
  const cut = at >= 0 && at < braceAt ? at : braceAt;
  return text.slice(0, Math.max(0, cut)).trim();
}
