/**
 * The meta agent: a model with file tools, asked to make this research scaffold score higher.
 * It sees how its lineage did on the AIRS tasks (per task: score, validity, the reason a
 * submission failed), may edit anything (the search loop, the prompts, params.ts, itself), and
 * stops when the model replies without tool calls or after MAX_TOOL_CALLS calls.
 */
import { EDIT_TOOLS, runEditTool } from "./edit_tools.js";
import type { EvaluationSummary, InstanceResult, Message, MetaAgentContext, MetaData } from "./types.js";

const MAX_TOOL_CALLS = 40;
const MAX_TOKENS = 8192;
/** A task's description (the full AIRS prompt) is long; the meta agent sees its start. */
const DESCRIPTION_CHARS = 3_000;

const SYSTEM = [
  "You improve a self-improving program: a research scaffold that solves machine-learning research tasks (AIRS-Bench).",
  "task_agent.ts runs a greedy tree search (policy.ts: draft, debug, improve; analyze.ts judges each run; prompts.ts",
  "holds the prompts; params.ts the search's parameters) over TypeScript solution scripts, trying each with the task's",
  "run_solution tool, and returns the best one; that script's test score is what counts. meta_agent.ts (you) edits the",
  "program. README.md describes it. Any file may change, this one included; imports only by relative path inside the",
  "folder. Keep solve(input, ctx) in task_agent.ts and improve(ctx) in meta_agent.ts working. Use the tools to read and",
  "edit files; when done, reply with a short summary of your changes and no tool calls.",
].join(" ");

const score = (value: number | null) => (typeof value === "number" ? value.toFixed(4) : "unscored");

function instanceLine(instance: InstanceResult): string {
  const details = (instance.details ?? {}) as Record<string, unknown>;
  const parts = [`${instance.id}: ${score(instance.score)}`];
  if (typeof details.score === "number") parts.push(`raw ${details.metric ?? "metric"} ${details.score}`);
  if (details.valid === false) parts.push("invalid submission");
  const why = instance.error ?? (typeof details.reason === "string" ? details.reason : undefined);
  return `    ${parts.join(", ")}${why ? ` (${why.slice(0, 240)})` : ""}`;
}

/** The lineage's train results, parent first. */
export function summariseLineage(evaluations: readonly EvaluationSummary[]): string {
  if (evaluations.length === 0) return "No results yet.";
  const lines: string[] = [];
  const seen: string[] = [];
  for (const evaluation of evaluations) {
    if (!seen.includes(evaluation.nodeId)) {
      seen.push(evaluation.nodeId);
      const who = seen.length === 1 ? "this program (the parent)" : `ancestor ${seen.length - 1}`;
      lines.push(`${who}, node ${evaluation.nodeId}:`);
    }
    lines.push(`  ${evaluation.taskId}: ${score(evaluation.score)}`);
    for (const instance of evaluation.instances.slice(0, 4)) lines.push(instanceLine(instance));
  }
  return lines.join("\n");
}

export function metaInstruction(data: MetaData): string {
  const tasks = (data.tasks ?? [])
    .map(
      (task) =>
        `### ${task.id}\n${task.description.slice(0, DESCRIPTION_CHARS)}${task.description.length > DESCRIPTION_CHARS ? "\n[...]" : ""}`,
    )
    .join("\n\n");
  const peers = (data.peers ?? []).map((peer) => `${peer.nodeId} (${score(peer.score)})`).join(", ");
  return [
    data.instruction
      ? `Implement this problem statement in this program:\n\n${data.instruction}`
      : "Change this program so that its task agent finds better solutions (higher normalised scores, more valid submissions).",
    "",
    `Generation ${data.generation}; ${data.iterationsLeft} improvement iterations left.`,
    "",
    "## Tasks (the start of each prompt)",
    tasks || "(none given)",
    "",
    "## Results of this program's lineage (normalised scores in [0, 1])",
    summariseLineage(data.evaluations ?? []),
    peers ? `\nOther programs of the archive (read them with view_peer_file): ${peers}.` : "",
  ].join("\n");
}

type Response = Awaited<ReturnType<MetaAgentContext["llm"]["generate"]>>;

export async function improve(ctx: MetaAgentContext): Promise<string> {
  const messages: Message[] = [{ role: "user", content: metaInstruction(ctx.data) }];
  let calls = 0;
  let edits = 0;
  let last = "";
  while (calls < MAX_TOOL_CALLS) {
    let response: Response;
    try {
      response = await ctx.llm.generate({
        system: SYSTEM,
        messages: [...messages],
        tools: EDIT_TOOLS,
        toolChoice: "auto",
        temperature: 0,
        maxTokens: MAX_TOKENS,
        metadata: { role: "meta" },
      });
    } catch (error) {
      // With no edit made, the failure is the step's result; otherwise the edits so far stand.
      if (calls === 0) throw error;
      ctx.log(`the model call failed after ${calls} tool calls: ${String(error)}`);
      break;
    }
    last = response.text;
    const toolCalls = response.toolCalls ?? [];
    messages.push({
      role: "assistant",
      content: response.text ?? "",
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
    });
    if (toolCalls.length === 0) break;
    for (const call of toolCalls) {
      // Every call is answered (providers require it), the ones past the limit with an error.
      let result = `Error: the limit of ${MAX_TOOL_CALLS} tool calls is reached; this call was not run.`;
      if (calls < MAX_TOOL_CALLS) {
        calls++;
        result = await runEditTool(call, ctx.files, ctx.data.peers ?? []);
        if (["create", "str_replace", "insert"].includes(call.name) && !result.startsWith("Error: ")) edits++;
      }
      ctx.log(`${call.name}: ${result.slice(0, 200)}`);
      const isError = result.startsWith("Error: ");
      messages.push({
        role: "tool",
        toolCallId: call.id,
        name: call.name,
        content: result,
        ...(isError ? { isError } : {}),
      });
    }
  }
  return `${edits} edit(s) in ${calls} tool call(s). ${last}`.slice(0, 2_000);
}
