import type { ChatMiddleware } from "./middleware.js";
import type { ChatRequest, ChatResponse } from "./types.js";

/** One call as a transcript keeps it: the request (no signal), then the response or the error. */
export interface TranscriptEntry {
  request: Omit<ChatRequest, "signal">;
  response?: ChatResponse;
  /** The error's message when the call failed. */
  error?: string;
  latencyMs: number;
}

/**
 * Keeps every call that reaches it, answered or failed, as a `TranscriptEntry`: pushed onto the
 * array you pass, or handed to your function. Calls refused by a middleware outside it (a spent
 * budget) never reach it, so they are not in the transcript.
 */
export function transcriptMiddleware(
  sink: TranscriptEntry[] | ((entry: TranscriptEntry) => void),
): ChatMiddleware {
  const keep = typeof sink === "function" ? sink : (entry: TranscriptEntry) => void sink.push(entry);
  return {
    name: "transcript",
    async wrapGenerate({ request, doGenerate }): Promise<ChatResponse> {
      const started = performance.now();
      const { signal: _signal, ...loggable } = request;
      try {
        const response = await doGenerate();
        keep({ request: loggable, response, latencyMs: performance.now() - started });
        return response;
      } catch (error) {
        keep({
          request: loggable,
          error: error instanceof Error ? error.message : String(error),
          latencyMs: performance.now() - started,
        });
        throw error;
      }
    },
  };
}
