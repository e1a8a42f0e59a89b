/** A model wrapper that keeps one sample's model calls: the transcript, tokens and cost. */
import { HyperagentsError } from "../sdk/errors.js";
import type { ChatModel, MessageContent } from "../sdk/llm/types.js";
import type { TranscriptEntry } from "./log.js";

/** Each text in a transcript is cut to this many characters, so a log stays readable. */
const MAX_TEXT = 4000;

export interface RecordingModel extends ChatModel {
  readonly transcript: TranscriptEntry[];
  /** The last model call that failed after its retries, if any. */
  readonly failure: string | null;
}

export function recordingModel(model: ChatModel): RecordingModel {
  const transcript: TranscriptEntry[] = [];
  let failure: string | null = null;
  return {
    id: model.id,
    transcript,
    get failure() {
      return failure;
    },
    async generate(request) {
      const started = performance.now();
      const entry: TranscriptEntry = {
        ...(request.system === undefined ? {} : { system: cut(request.system) }),
        messages: request.messages.map((message) => ({
          role: message.role,
          content: cut(textOf(message.content)),
        })),
        response: null,
        error: null,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        ms: 0,
      };
      transcript.push(entry);
      try {
        const response = await model.generate(request);
        entry.response = cut(
          response.toolCalls.length === 0
            ? response.text
            : `${response.text}\n${response.toolCalls.map((call) => `[tool ${call.name}] ${JSON.stringify(call.arguments)}`).join("\n")}`,
        );
        entry.inputTokens = response.usage.inputTokens;
        entry.outputTokens = response.usage.outputTokens;
        entry.costUsd = response.costUsd;
        return response;
      } catch (error) {
        entry.error = HyperagentsError.is(error) ? error.message : String(error);
        failure = entry.error;
        throw error;
      } finally {
        entry.ms = performance.now() - started;
      }
    },
  };
}

function textOf(content: MessageContent): string {
  return typeof content === "string" ? content : content.map((part) => part.text).join("");
}

function cut(text: string): string {
  return text.length <= MAX_TEXT
    ? text
    : `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT} more characters)`;
}
