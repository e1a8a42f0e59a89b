/**
 * The initial task agent: one model call with the task's description and the instance input;
 * the answer is the JSON value at the end of the reply. A failure (model error, no JSON) is
 * returned as { error }, which the task scores 0.
 */
import { extractJson } from "./extract_json.js";
import type { TaskAgentContext } from "./types.js";

/** Reasoning models spend output tokens before answering; a small cap leaves the answer empty. */
const MAX_TOKENS = 8192;

function prompt(input: unknown, task: { id: string; description: string }): string {
  return [
    `You are solving one instance of the task "${task.id}".`,
    "",
    "Task description:",
    task.description,
    "",
    "Instance input (JSON):",
    "```json",
    JSON.stringify(input),
    "```",
    "",
    "Reason as much as you need, then end your reply with your answer as a single JSON value in a ```json fenced block, in exactly the output format the description asks for.",
  ].join("\n");
}

export async function solve(input: unknown, ctx: TaskAgentContext): Promise<unknown> {
  const task = ctx.data?.task ?? { id: "unknown", description: "" };
  let text: string;
  try {
    const response = await ctx.llm.generate({
      messages: [{ role: "user", content: prompt(input, task) }],
      temperature: 0,
      maxTokens: MAX_TOKENS,
      metadata: { role: "task", task: task.id },
    });
    text = response.text;
  } catch (error) {
    return { error: `the model call failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const answer = extractJson(text);
  if (!answer.ok) {
    ctx.log(`no answer parsed: ${answer.error}`);
    return { error: answer.error, reply: text.slice(-500) };
  }
  return answer.value;
}
