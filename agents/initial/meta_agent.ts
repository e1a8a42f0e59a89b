/**
 * The initial meta agent: a model with file-editing tools, asked to improve this program.
 * It sees a compact summary of its lineage's train results and how many iterations are left,
 * may edit any file (this one included), and stops when the model answers without tool calls
 * or after MAX_TOOL_CALLS tool calls.
 */
import { runTool, TOOLS } from "./tools.js";
import type { EvaluationSummary, Message, MetaAgentContext, MetaData } from "./types.js";

const MAX_TOOL_CALLS = 40;
const MAX_TOKENS = 8192;

const SYSTEM = [
  "You are the meta agent of a self-improving program (a hyperagent).",
  "The program is a folder of TypeScript files: task_agent.ts solves task instances and is what gets scored;",
  "meta_agent.ts (you) improves the program. README.md describes the contract. Any file may be changed,",
  "this meta agent included, and new files may be added (imports by relative path inside the folder only).",
  "Use the tools to read and edit files. Make concrete code changes that should raise the score; keep the",
  "exports solve(input, ctx) in task_agent.ts and improve(ctx) in meta_agent.ts working. When you are done,",
  "reply with a short summary of what you changed and no tool calls.",
].join(" ");

function fmt(score: number | null): string {
  return typeof score === "number" ? score.toFixed(4) : "unscored";
}

/** Lineage results, parent first, a few lines per node. */
export function summariseEvaluations(evaluations: readonly EvaluationSummary[]): string {
  if (evaluations.length === 0) return "No evaluations yet.";
  const lines: string[] = [];
  let lastNode = "";
  let depth = -1;
  for (const e of evaluations) {
    if (e.nodeId !== lastNode) {
      depth++;
      lastNode = e.nodeId;
      const who = depth === 0 ? "parent (this program)" : `ancestor ${depth}`;
      lines.push(`${who}, node ${e.nodeId}:`);
    }
    lines.push(`  ${e.taskId} (${e.split}): ${fmt(e.score)}`);
    for (const inst of e.instances.slice(0, 6)) {
      const error = inst.error ? ` error: ${inst.error.slice(0, 200)}` : "";
      lines.push(`    ${inst.id}: ${fmt(inst.score)}${error}`);
    }
    if (e.instances.length > 6) lines.push(`    ... ${e.instances.length - 6} more instances`);
  }
  return lines.join("\n");
}

export function instruction(data: MetaData): string {
  const tasks = (data.tasks ?? []).map((t) => `### ${t.id}\n${t.description}`).join("\n\n");
  const peers = (data.peers ?? []).map((p) => `${p.nodeId} (score ${fmt(p.score)})`).join(", ");
  return [
    // The `dgm` baseline hands this fixed coding agent a problem statement to implement.
    data.instruction
      ? `Implement this problem statement in the codebase in this folder:\n\n${data.instruction}`
      : "Modify any part of the codebase in this folder to improve the program.",
    "",
    `Generation ${data.generation}; ${data.iterationsLeft} improvement iterations left in this run.`,
    "",
    "## Tasks the task agent is evaluated on",
    tasks || "(none given)",
    "",
    "## Train results of this program's lineage",
    summariseEvaluations(data.evaluations ?? []),
    "",
    peers ? `Other programs in the archive (view_peer_file reads them): ${peers}.` : "",
  ].join("\n");
}

export async function improve(ctx: MetaAgentContext): Promise<string> {
  const messages: Message[] = [{ role: "user", content: instruction(ctx.data) }];
  let toolCalls = 0;
  let edits = 0;
  let last = "";
  const warned = new Set<string>();
  while (toolCalls < MAX_TOOL_CALLS) {
    let response: Awaited<ReturnType<typeof ctx.llm.generate>>;
    try {
      response = await ctx.llm.generate({
        system: SYSTEM,
        // A copy: the host (a cache, a recorder) may keep the request after the call.
        messages: [...messages],
        tools: TOOLS,
        toolChoice: "auto",
        temperature: 0,
        maxTokens: MAX_TOKENS,
        metadata: { role: "meta" },
      });
    } catch (error) {
      // Nothing done yet: the failure is the result. Otherwise keep the edits made so far.
      if (toolCalls === 0) throw error;
      ctx.log(`model call failed after ${toolCalls} tool calls: ${String(error)}`);
      break;
    }
    for (const warning of response.warnings ?? []) {
      if (!warned.has(warning)) ctx.log(`model warning: ${warning}`);
      warned.add(warning);
    }
    last = response.text;
    const calls = response.toolCalls ?? [];
    messages.push({
      role: "assistant",
      content: response.text ?? "",
      ...(calls.length > 0 ? { toolCalls: calls } : {}),
    });
    if (calls.length === 0) break;
    for (const call of calls) {
      // Every call gets a result (providers require it), even past the limit.
      let result: string;
      if (toolCalls >= MAX_TOOL_CALLS) {
        result = `Error: the limit of ${MAX_TOOL_CALLS} tool calls is reached; this call was not run.`;
      } else {
        toolCalls++;
        result = await runTool(call, ctx.files, ctx.data.peers ?? []);
        if (["create", "str_replace", "insert"].includes(call.name) && !result.startsWith("Error: ")) edits++;
      }
      ctx.log(`${call.name}: ${result.slice(0, 200)}`);
      messages.push({
        role: "tool",
        toolCallId: call.id,
        name: call.name,
        content: result,
        ...(result.startsWith("Error: ") ? { isError: true } : {}),
      });
    }
  }
  return `${edits} edit(s) in ${toolCalls} tool call(s). ${last}`.slice(0, 2000);
}
