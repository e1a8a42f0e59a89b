/**
 * The analyze step: a model call that reads a script and its run and says whether it is buggy
 * and which validation metric it printed. A failed call or an unreadable reply gives an
 * unknown verdict (isBug null), so the host's facts alone decide.
 */
import { extractObject } from "./extract.js";
import { model as modelParams } from "./params.js";
import { type AirsInput, analyzePrompt, SYSTEM } from "./prompts.js";
import type { Analysis, SolutionNode } from "./tree.js";
import type { TaskAgentContext } from "./types.js";

function toNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

/** The analysis reply as an Analysis. */
export function readAnalysis(reply: string): Analysis {
  const object = extractObject(reply);
  if (object === undefined)
    return { isBug: null, printedMetric: null, summary: "the analysis reply held no JSON" };
  const isBug = typeof object.is_bug === "boolean" ? object.is_bug : null;
  const summary = typeof object.summary === "string" ? object.summary.slice(0, 1_000) : "";
  return { isBug, printedMetric: toNumber(object.metric), summary };
}

export async function analyze(
  ctx: TaskAgentContext,
  description: string,
  input: AirsInput,
  node: SolutionNode,
): Promise<Analysis> {
  if (node.run === null || node.run.toolError !== undefined) {
    return { isBug: true, printedMetric: null, summary: node.run?.toolError ?? "the reply held no script" };
  }
  try {
    const response = await ctx.llm.generate({
      system: SYSTEM,
      messages: [{ role: "user", content: analyzePrompt(description, input, node) }],
      temperature: modelParams.analyzeTemperature,
      maxTokens: modelParams.analyzeMaxTokens,
      metadata: { role: "task", operator: "analyze" },
    });
    return readAnalysis(response.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { isBug: null, printedMetric: null, summary: `the analysis call failed: ${message}` };
  }
}
