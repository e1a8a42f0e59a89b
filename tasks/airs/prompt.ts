/**
 * The agent's prompt for an AIRS task. An official task's project_description.md is the prompt as
 * it is (it already carries the data layout and the evaluator's source); a bundled task's
 * description.md gets what a TypeScript solution needs appended: the data files, how to read them
 * with `hyperagents/solution`, the submission's header and shape, and the evaluator's source.
 */
import type { AirsMetadata } from "./format.js";

export interface BundledPromptParts {
  description: string;
  metadata: AirsMetadata;
  /** The splits the task has, e.g. ["train", "validation", "test"]. */
  splits: readonly string[];
  /** The submission's header. */
  submissionColumns: readonly string[];
  /** evaluate.ts's text. */
  evaluatorSource: string;
  /** The task's kit modules (research tasks), which a solution imports as `./kit/<file>`. */
  kit?: readonly { file: string; source: string }[];
}

/** Kit sources beyond this many characters are listed by name only (the prompt stays readable). */
const KIT_SOURCE_LIMIT = 60_000;

function kitSection(kit: readonly { file: string; source: string }[]): string {
  const size = kit.reduce((sum, { source }) => sum + source.length, 0);
  const importable = (file: string) => `./kit/${file.replace(/\.ts$/, ".js")}`;
  const lines = [
    "## The kit",
    "",
    "Your work folder also holds `./kit/`, this task's own modules (its environment and exact checks), which",
    'your solution may import, e.g. `import { ... } from "./kit/<file>.js"`. Editing your copy changes nothing',
    "for the evaluation, which uses the task's own.",
    "",
    ...kit.map(({ file }) => `- \`${importable(file)}\``),
  ];
  if (size > KIT_SOURCE_LIMIT) return lines.join("\n");
  for (const { file, source } of kit)
    lines.push("", `### ${importable(file)}`, "", "```ts", source.trim(), "```");
  return lines.join("\n");
}

function dataSection(splits: readonly string[], scoringColumn: string): string {
  const lines = splits.map((split) => `- \`./data/${split}.jsonl\`: one JSON object per line (one row).`);
  return [
    "## Data",
    "",
    ...lines,
    "",
    `The test split has no \`${scoringColumn}\` column: it holds what is scored (the description says what to`,
    "submit). Rows keep their JSON types (numbers, strings, lists).",
  ].join("\n");
}

function solutionSection(
  splits: readonly string[],
  columns: readonly string[],
  inputs: readonly string[],
): string {
  const reads = splits.map((split) => `const ${split} = await readSplit("${split}");`);
  // Columns that identify the row (e.g. a query) are copied from it; the others are predicted.
  const row = columns
    .map((column) =>
      inputs.includes(column) ? `${column}: row.${column}` : `${column}: /* your prediction */ 0`,
    )
    .join(", ");
  return [
    "## Your solution",
    "",
    "Write a TypeScript (or JavaScript) script. It runs in a folder holding `./data`, as its own Node process",
    "with a time limit; it may use TensorFlow.js through `loadTf()`. It must write `./submission.csv`.",
    "",
    "```ts",
    'import { loadTf, readSplit, runSeed, writeSubmission } from "hyperagents/solution";',
    "",
    ...reads,
    "const { tf, backend } = await loadTf(); // TensorFlow.js on the fastest backend available",
    "const seed = runSeed(); // seed your randomness with it",
    `await writeSubmission(test.map((row) => ({ ${row} })), ${JSON.stringify(columns)});`,
    "```",
    "",
    "`readSplit` returns the rows as plain objects; `hasSplit(name)` says whether a split exists.",
    "`writeSubmission` writes a header row, then one line per row; lists and objects are written as JSON text.",
  ].join("\n");
}

function submissionSection(metadata: AirsMetadata, columns: readonly string[]): string {
  const [rows] = metadata.shape;
  const direction = metadata.lowerIsBetter ? "lower is better" : "higher is better";
  return [
    "## Submission",
    "",
    `\`submission.csv\` with the header \`${columns.join(",")}\` and ${rows} rows, one per test row, in the`,
    `test split's order (shape [${metadata.shape.join(", ")}]). It is scored with ${metadata.metric}`,
    `(${direction}; the optimum is ${metadata.optimalScore}). A file with another row count, another header or a`,
    "value that does not parse is invalid and scores nothing.",
  ].join("\n");
}

/** The full prompt of a bundled task. */
export function bundledPrompt(parts: BundledPromptParts): string {
  const { metadata } = parts;
  const visible = parts.splits.filter((split) => split !== "test_with_labels");
  return [
    parts.description.trim(),
    dataSection(visible, metadata.scoringColumn),
    solutionSection(visible, parts.submissionColumns, metadata.inputColumns),
    submissionSection(metadata, parts.submissionColumns),
    ...(parts.kit === undefined || parts.kit.length === 0 ? [] : [kitSection(parts.kit)]),
    [
      "## Evaluation",
      "",
      "Your submission's rows are read from the CSV (every cell as a string) and scored by this code,",
      "against the test rows with their labels:",
      "",
      "```ts",
      parts.evaluatorSource.trim(),
      "```",
    ].join("\n"),
  ].join("\n\n");
}
