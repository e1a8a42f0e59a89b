/**
 * The one-shot research scaffold (AIRS-Bench's One-Shot harness): one model call writes a
 * solution script, which is run once through the task's `run_solution` tool for the record
 * (its outcome is logged, not acted on) and returned as the submission.
 */
import { extractCode } from "./extract.js";
import { type AirsInput, oneShotPrompt, SYSTEM } from "./prompt.js";
import type { TaskAgentContext } from "./types.js";

const TEMPERATURE = 0;
/** Reasoning models spend output tokens before answering; a small cap leaves the script cut off. */
const MAX_TOKENS = 16_384;

/** Runs the script once with the task's tool and logs how it went; never throws. */
async function runForTheRecord(ctx: TaskAgentContext, code: string): Promise<void> {
  const tool = ctx.tools.run_solution;
  if (tool === undefined) return;
  try {
    const result = (await tool({ solution: code })) as Record<string, unknown> | null;
    const facts = ["exitCode", "timedOut", "submissionValid", "validationScore", "reason"]
      .filter((key) => result?.[key] !== undefined)
      .map((key) => `${key} ${JSON.stringify(result?.[key])}`);
    ctx.log(`run_solution: ${facts.join(", ")}`);
  } catch (error) {
    ctx.log(`run_solution failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function solve(input: unknown, ctx: TaskAgentContext): Promise<unknown> {
  const airsInput = (input !== null && typeof input === "object" ? input : {}) as AirsInput;
  const task = ctx.data?.task ?? { id: "unknown", description: "" };
  let reply: string;
  try {
    const response = await ctx.llm.generate({
      system: SYSTEM,
      messages: [{ role: "user", content: oneShotPrompt(task.description, airsInput) }],
      temperature: TEMPERATURE,
      maxTokens: MAX_TOKENS,
      metadata: { role: "task", task: task.id },
    });
    reply = response.text;
  } catch (error) {
    return { error: `the model call failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const code = extractCode(reply);
  if (code === "") return { error: "the reply held no fenced script", reply: reply.slice(-500) };
  await runForTheRecord(ctx, code);
  return { solution: code };
}
