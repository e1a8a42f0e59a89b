/**
 * The search loop: ask the policy for an action, have the model write the script, run it with
 * the task's tool, analyse the run, add the node. It stops when the policy does (step budget),
 * when the time budget is spent, or after repeated model failures.
 */
import { analyze } from "./analyze.js";
import { extractCode } from "./extract.js";
import { model as modelParams, search as searchParams } from "./params.js";
import { type Action, nextAction } from "./policy.js";
import { type AirsInput, debugPrompt, draftPrompt, improvePrompt, SYSTEM } from "./prompts.js";
import type { Random } from "./random.js";
import { runSolution } from "./run_solution.js";
import { judge, type SearchTree, type SolutionNode } from "./tree.js";
import type { TaskAgentContext } from "./types.js";

export interface SearchOutcome {
  tree: SearchTree;
  stopReason: string;
}

type StepAction = Exclude<Action, { kind: "stop" }>;

function promptFor(action: StepAction, description: string, input: AirsInput, tree: SearchTree): string {
  if (action.kind === "draft") return draftPrompt(description, input, tree);
  const parent = tree.nodes[action.parent] as SolutionNode;
  return action.kind === "debug"
    ? debugPrompt(description, input, tree, parent)
    : improvePrompt(description, input, tree, parent);
}

/** One step: a model-written script, run and analysed; the error message when the model call failed. */
async function step(
  ctx: TaskAgentContext,
  action: StepAction,
  description: string,
  input: AirsInput,
  tree: SearchTree,
): Promise<SolutionNode | string> {
  let reply: string;
  try {
    const response = await ctx.llm.generate({
      system: SYSTEM,
      messages: [{ role: "user", content: promptFor(action, description, input, tree) }],
      temperature: modelParams.temperature,
      maxTokens: modelParams.maxTokens,
      metadata: { role: "task", operator: action.kind },
    });
    reply = response.text;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { plan, code } = extractCode(reply);
  const node: SolutionNode = {
    id: tree.nodes.length,
    parent: action.kind === "draft" ? null : action.parent,
    kind: action.kind,
    plan,
    code,
    run: code === "" ? null : await runSolution(ctx.tools, code),
    analysis: { isBug: null, printedMetric: null, summary: "" },
    isBuggy: true,
    metric: null,
  };
  node.analysis = await analyze(ctx, description, input, node);
  Object.assign(node, judge(node.run, node.analysis));
  return node;
}

export async function runSearch(
  ctx: TaskAgentContext,
  description: string,
  input: AirsInput,
  random: Random,
): Promise<SearchOutcome> {
  const tree: SearchTree = { nodes: [], lowerIsBetter: input.lowerIsBetter === true };
  const started = Date.now();
  let modelFailures = 0;
  for (;;) {
    if (Date.now() - started >= searchParams.timeBudgetMs)
      return { tree, stopReason: "the time budget is spent" };
    const action = nextAction(tree, searchParams, random);
    if (action.kind === "stop") return { tree, stopReason: action.reason };
    const result = await step(ctx, action, description, input, tree);
    if (typeof result === "string") {
      modelFailures++;
      ctx.log(`${action.kind}: the model call failed (${modelFailures} in a row): ${result}`);
      if (modelFailures >= searchParams.maxModelFailures) {
        return { tree, stopReason: `${modelFailures} model calls failed in a row; last: ${result}` };
      }
      continue;
    }
    modelFailures = 0;
    tree.nodes.push(result);
    const from = result.parent === null ? "" : ` of ${result.parent}`;
    const outcome = result.isBuggy
      ? `buggy (${result.analysis.summary.slice(0, 120)})`
      : `metric ${result.metric}`;
    ctx.log(`step ${result.id}: ${result.kind}${from} -> ${outcome}`);
  }
}
