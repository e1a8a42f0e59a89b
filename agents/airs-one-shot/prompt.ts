/** The one-shot prompt: the task's full description, the goal, and how the script must be written. */

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

export function oneShotPrompt(description: string, input: AirsInput): string {
  const direction = input.lowerIsBetter ? "lower is better" : "higher is better";
  const shape = input.submissionShape ? `, shape ${JSON.stringify(input.submissionShape)}` : "";
  return [
    "# Task",
    description,
    "",
    `The metric is ${input.metric ?? "the task's metric"} (${direction}); the submission's scoring column is "${input.scoringColumn ?? "?"}"${shape}.`,
    "You have one attempt: the script you write is run once and its submission is scored on the hidden test labels.",
    "",
    "## How your script runs",
    "- It is one TypeScript file run by Node in a fresh folder: data in ./data, and it must write ./submission.csv.",
    '- Read data and write the submission with "hyperagents/solution" (readSplit, hasSplit, writeSubmission, runSeed, loadTf);',
    "  TensorFlow.js comes from `const { tf } = await loadTf()`. No other packages, no network, no child processes.",
    "- It has a time limit: keep training short enough to finish well inside it.",
    "- Hold out part of the training rows (or use the validation split), compute the task's metric on them and print",
    "  exactly one line `validation_metric: <number>`. Then predict the test rows and write the submission.",
    "- Prefer a sound approach that surely runs over an ambitious one that may crash: a crash scores nothing.",
    "",
    "## Answer format",
    "First a short plan (a few sentences), then the complete script in a single ```typescript fenced block.",
  ].join("\n");
}
