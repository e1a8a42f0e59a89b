/**
 * `summary.json`: the summary a run writes when it ends, a persisted format with a schema
 * version. Readers (the report, resume) check it field by field; a file cut short by a kill
 * reads as "no summary yet", never as a half-valid one.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import type { RunSummary } from "./options.js";

export const RUN_SUMMARY_VERSION = 1;

export type RunSummaryFile = RunSummary & { schemaVersion: number };

const REASONS = ["done", "budget", "aborted", "condition"];
const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
const isNumber = (value: unknown) => typeof value === "number" && Number.isFinite(value);
const isScores = (value: unknown) =>
  typeof value === "object" && value !== null && Object.values(value).every(isNumber);

const FIELDS: [keyof RunSummaryFile, (value: unknown) => boolean, string][] = [
  ["reason", (v) => REASONS.includes(v as string), `one of ${REASONS.join(", ")}`],
  ["generations", isCount, "a count"],
  ["archiveSize", isCount, "a count"],
  ["validCount", isCount, "a count"],
  ["bestNodeId", (v) => v === null || typeof v === "string", "null or a node id"],
  ["bestScore", (v) => v === null || isNumber(v), "null or a number"],
  ["testScores", isScores, "task ids to numbers"],
  ["costUsd", isNumber, "a number"],
  ["wallMs", isNumber, "a number"],
];

export function writeRunSummary(runDir: string, summary: RunSummary): void {
  const file: RunSummaryFile = { schemaVersion: RUN_SUMMARY_VERSION, ...summary };
  writeFileSync(join(runDir, "summary.json"), `${JSON.stringify(file, null, 2)}\n`);
}

/** The run's summary; null when there is none yet (or a kill cut it short). */
export function readRunSummary(runDir: string): RunSummaryFile | null {
  const path = join(runDir, "summary.json");
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) {
    throw new UserError(`${path} is not a run summary: remove it, and \`evolve --resume\` writes it again`);
  }
  const summary = parsed as Record<string, unknown>;
  // Summaries before schema versions had every field of version 1.
  const version = summary.schemaVersion ?? 1;
  if (!Number.isInteger(version) || (version as number) > RUN_SUMMARY_VERSION) {
    throw new UserError(
      `${path} has schema version ${String(version)}, newer than this hyperagents (${RUN_SUMMARY_VERSION}): upgrade hyperagents`,
    );
  }
  for (const [field, check, expected] of FIELDS) {
    if (!check(summary[field])) {
      throw new UserError(
        `${path}: "${field}" must be ${expected}, got ${JSON.stringify(summary[field]) ?? "nothing"}: remove the file, and \`evolve --resume\` writes it again`,
      );
    }
  }
  return { ...(summary as unknown as RunSummary), schemaVersion: version as number };
}
