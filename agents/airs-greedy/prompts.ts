/**
 * The prompts of the search's four operators: draft (a new script), improve (one change to the
 * best script), debug (fix a failed script) and analyze (judge a run). Each code-writing prompt
 * carries the task's full description and a short memory of earlier attempts.
 */
import { prompt as limits } from "./params.js";
import { ancestors, type RunResult, type SearchTree, type SolutionNode } from "./tree.js";

/** The instance input the AIRS task hands its agent. */
export interface AirsInput {
  task?: string;
  metric?: string;
  lowerIsBetter?: boolean;
  scoringColumn?: string;
  submissionShape?: number[];
}

export const SYSTEM = [
  "You are an expert machine-learning research engineer competing on a research benchmark.",
  "You write complete, self-contained TypeScript scripts that train a model on the task's data and write predictions.",
].join(" ");

function goal(input: AirsInput): string {
  const direction = input.lowerIsBetter ? "lower is better" : "higher is better";
  return `The metric is ${input.metric ?? "the task's metric"} (${direction}); the submission's scoring column is "${input.scoringColumn ?? "?"}"${input.submissionShape ? `, shape ${JSON.stringify(input.submissionShape)}` : ""}.`;
}

const SCRIPT_RULES = [
  "## How your script runs",
  "- It is one TypeScript file run by Node in a fresh folder: data in ./data, and it must write ./submission.csv.",
  '- Read data and write the submission with "hyperagents/solution" (readSplit, hasSplit, writeSubmission, runSeed, loadTf);',
  "  TensorFlow.js comes from `const { tf } = await loadTf()`. No other packages, no network, no child processes.",
  "- It has a time limit: keep training short enough to finish well inside it.",
  "- Hold out part of the training rows (or use the validation split), compute the task's metric on them and print",
  "  exactly one line `validation_metric: <number>`. Then predict the test rows and write the submission.",
  "",
  "## Answer format",
  "First a short plan (a few sentences), then the complete script in a single ```typescript fenced block.",
].join("\n");

function clip(text: string, chars: number): string {
  return text.length <= chars
    ? text
    : `[... ${text.length - chars} earlier characters cut ...]\n${text.slice(-chars)}`;
}

function describeRun(run: RunResult | null): string {
  if (run === null) return "It was not run: the reply held no script.";
  if (run.toolError !== undefined) return `The run could not start: ${run.toolError}`;
  const facts = [
    `exit code ${run.exitCode ?? "none"}${run.timedOut ? " (timed out)" : ""}`,
    `wall time ${Math.round(run.wallMs / 1000)} s`,
    `submission ${run.submissionValid ? "valid" : `invalid${run.reason ? `: ${run.reason}` : ""}`}`,
  ];
  if (run.validationScore !== null) facts.push(`held-out validation score ${run.validationScore}`);
  return `${facts.join("; ")}.\nOutput (tail):\n\`\`\`\n${clip(run.outputTail, limits.outputChars)}\n\`\`\``;
}

/** One line per earlier attempt: what it was and how it did ("simple memory"). */
export function memory(tree: SearchTree, nodes: readonly SolutionNode[] = tree.nodes): string {
  const recent = nodes.slice(-limits.memoryNodes);
  if (recent.length === 0) return "";
  const lines = recent.map((node) => {
    const outcome = node.isBuggy ? "buggy" : `validation metric ${node.metric}`;
    const summary = node.analysis.summary || node.plan;
    return `- attempt ${node.id} (${node.kind}${node.parent === null ? "" : ` of ${node.parent}`}): ${outcome}. ${summary.replace(/\s+/g, " ").slice(0, 300)}`;
  });
  return ["## Earlier attempts", ...lines].join("\n");
}

function header(description: string, input: AirsInput): string {
  return ["# Task", description, "", goal(input)].join("\n");
}

export function draftPrompt(description: string, input: AirsInput, tree: SearchTree): string {
  const drafts = tree.nodes.filter((node) => node.kind === "draft");
  return [
    header(description, input),
    "",
    memory(tree, drafts),
    drafts.length > 0 ? "Propose an approach that differs from the earlier drafts above." : "",
    "",
    "Write a first solution: a simple, sound approach that runs reliably and produces a valid submission.",
    "",
    SCRIPT_RULES,
  ].join("\n");
}

export function improvePrompt(
  description: string,
  input: AirsInput,
  tree: SearchTree,
  parent: SolutionNode,
): string {
  return [
    header(description, input),
    "",
    memory(tree),
    "",
    `## The current best script (attempt ${parent.id}, validation metric ${parent.metric})`,
    "```typescript",
    parent.code,
    "```",
    describeRun(parent.run),
    "",
    "Improve it with one specific, atomic change (features, model, training, ensembling...) that should raise the metric.",
    "Avoid repeating changes the earlier attempts tried. Keep everything that works.",
    "",
    SCRIPT_RULES,
  ].join("\n");
}

export function debugPrompt(
  description: string,
  input: AirsInput,
  tree: SearchTree,
  node: SolutionNode,
): string {
  // Debug memory: the earlier failed versions of this script, each fixed in turn.
  const tried = ancestors(tree, node).filter((other) => other.isBuggy);
  return [
    header(description, input),
    "",
    tried.length > 0 ? `${memory(tree, tried)}\n(earlier failed versions of the script below)` : "",
    "",
    `## A script that failed (attempt ${node.id})`,
    "```typescript",
    node.code || "// (the reply held no script: write it in full)",
    "```",
    describeRun(node.run),
    node.analysis.summary ? `Analysis: ${node.analysis.summary}` : "",
    "",
    "Find the bug and fix it. Keep the approach unless it cannot work; make sure it prints the validation metric and writes a valid submission.",
    "",
    SCRIPT_RULES,
  ].join("\n");
}

export function analyzePrompt(description: string, input: AirsInput, node: SolutionNode): string {
  return [
    header(description, input),
    "",
    "## A solution script",
    "```typescript",
    node.code,
    "```",
    "## How its run went",
    describeRun(node.run),
    "",
    "Judge the run. Is the script buggy (it crashed, it timed out, its submission is invalid, or its output shows an",
    "error or a nonsensical result)? Which validation metric did it print (a number, or null if it printed none)?",
    'Reply with one JSON object in a ```json block: {"is_bug": true|false, "metric": number|null, "summary": "two sentences: what the script did and what the output shows"}.',
  ].join("\n");
}
