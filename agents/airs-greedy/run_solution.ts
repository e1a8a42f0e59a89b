/**
 * Running a script through the task's `run_solution` tool and reading its reply into a
 * RunResult. A tool failure (a rejected call, a missing tool) is a result, never a crash.
 */
import type { RunResult } from "./tree.js";
import type { TaskTools } from "./types.js";

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The tool's JSON reply as a RunResult; fields of the wrong type read as failures. */
export function readRunResult(value: unknown): RunResult {
  const record = value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const reason = typeof record.reason === "string" ? record.reason : undefined;
  return {
    exitCode: num(record.exitCode),
    timedOut: record.timedOut === true,
    wallMs: num(record.wallMs) ?? 0,
    outputTail: typeof record.outputTail === "string" ? record.outputTail : "",
    submissionValid: record.submissionValid === true,
    validationScore: num(record.validationScore),
    ...(reason === undefined ? {} : { reason }),
  };
}

function failed(message: string): RunResult {
  return {
    exitCode: null,
    timedOut: false,
    wallMs: 0,
    outputTail: "",
    submissionValid: false,
    validationScore: null,
    toolError: message,
  };
}

export async function runSolution(tools: TaskTools, code: string): Promise<RunResult> {
  const tool = tools.run_solution;
  if (tool === undefined) return failed("this task has no run_solution tool");
  try {
    return readRunResult(await tool({ solution: code }));
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
}
