/**
 * The shape run.json must have once migrated to the current version: each field's check, so a
 * hand-edited or damaged file is refused naming the field, never read into a half-valid run.
 */
import { UserError } from "../errors.js";
import { isBaselineName } from "./baselines.js";
import type { RunConfig } from "./run-config.js";

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === "string";
const isPositiveInteger: Check = (value) => Number.isInteger(value) && (value as number) > 0;
const isNumber: Check = (value) => typeof value === "number" && Number.isFinite(value);
const isLimits: Check = (value) =>
  typeof value === "object" &&
  value !== null &&
  ["meta", "task"].every((part) => {
    const limits = (value as Record<string, unknown>)[part];
    return (
      typeof limits === "object" &&
      limits !== null &&
      ["timeoutMs", "memoryMb", "maxToolCalls"].every((key) =>
        isPositiveInteger((limits as Record<string, unknown>)[key]),
      )
    );
  });

const FIELDS: Record<keyof RunConfig, [Check, string]> = {
  schemaVersion: [isPositiveInteger, "a positive integer"],
  tasks: [(v) => Array.isArray(v) && v.length > 0 && v.every(isString), "a non-empty list of task ids"],
  agentDir: [isString, "a path"],
  taskModel: [isString, "a model spec"],
  metaModel: [isString, "a model spec"],
  generations: [isPositiveInteger, "a positive integer"],
  childrenPerGeneration: [isPositiveInteger, "a positive integer"],
  parallel: [isPositiveInteger, "a positive integer"],
  selection: [isString, "a selection policy name"],
  stageSize: [(v) => v === null || isPositiveInteger(v), "null or a positive integer"],
  stageThreshold: [isNumber, "a number"],
  budgetUsd: [(v) => v === null || (isNumber(v) && (v as number) > 0), "null or a positive number"],
  seed: [Number.isInteger, "an integer"],
  baseline: [(v) => typeof v === "string" && isBaselineName(v), "a baseline name"],
  editableSelection: [(v) => typeof v === "boolean", "true or false"],
  limits: [isLimits, "{ meta, task } limits with positive timeoutMs, memoryMb and maxToolCalls"],
  createdAt: [isString, "an ISO date"],
};

/** Returns the config when every field checks out; else a UserError naming the first bad field. */
export function validateRunConfig(value: Record<string, unknown>, path: string): RunConfig {
  for (const [field, [check, expected]] of Object.entries(FIELDS)) {
    if (!check(value[field])) {
      throw new UserError(
        `${path}: "${field}" must be ${expected}, got ${JSON.stringify(value[field]) ?? "nothing"}: restore the file or start a new run`,
      );
    }
  }
  return value as unknown as RunConfig;
}
