/**
 * `run.json`: the configuration a run was started with, a persisted format with a schema
 * version. Resuming reads it back, so a resumed run is the same run.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SelectionPolicyName } from "../archive/selection.js";
import { UserError } from "../errors.js";
import { validateRunConfig } from "./run-config-schema.js";

/**
 * 2: `stageSize` is null unless the run was given one (then it applies to every task). Version 1
 * always recorded a number, while each task's own stage size silently won.
 */
export const RUN_CONFIG_VERSION = 2;

import type { BaselineName } from "./baselines.js";

export type { BaselineName };

export interface RunConfig {
  schemaVersion: number;
  /** Task ids, resolved against the bundled tasks (or the tasks passed to `evolve`). */
  tasks: string[];
  /** The folder the initial program was copied from (informational; the program lives in program.git). */
  agentDir: string;
  taskModel: string;
  metaModel: string;
  generations: number;
  childrenPerGeneration: number;
  parallel: number;
  selection: SelectionPolicyName;
  /** Instances in the first evaluation stage, for every task; null: each task's own (10 if it has none). */
  stageSize: number | null;
  /** The stage score must be strictly above this to go on to the full split. */
  stageThreshold: number;
  budgetUsd: number | null;
  seed: number;
  baseline: BaselineName;
  /** Parents are picked by the program's own select_parent.ts (which meta agents may rewrite). */
  editableSelection: boolean;
  limits: {
    meta: { timeoutMs: number; memoryMb: number; maxToolCalls: number };
    task: { timeoutMs: number; memoryMb: number; maxToolCalls: number };
  };
  createdAt: string;
}

export function runConfigPath(runDir: string): string {
  return join(runDir, "run.json");
}

export function writeRunConfig(runDir: string, config: RunConfig): void {
  writeFileSync(runConfigPath(runDir), `${JSON.stringify(config, null, 2)}\n`);
}

export function readRunConfig(runDir: string): RunConfig {
  const path = runConfigPath(runDir);
  if (!existsSync(path)) {
    throw new UserError(
      `${runDir} is not a run directory (no run.json): pass a directory made by \`hyperagents evolve\``,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UserError(
      `${path} is not valid JSON: restore it from the run's first lines or start a new run`,
      {
        cause: error,
      },
    );
  }
  const config = parsed as Partial<RunConfig>;
  if (typeof config.schemaVersion !== "number") {
    throw new UserError(`${path} has no schemaVersion: it was not written by hyperagents`);
  }
  if (config.schemaVersion > RUN_CONFIG_VERSION) {
    throw new UserError(
      `${path} has schema version ${config.schemaVersion}, newer than this hyperagents (${RUN_CONFIG_VERSION}): upgrade hyperagents`,
    );
  }
  // Version 1 recorded a stage size that every task with its own (all bundled tasks) overrode.
  const migrated = config.schemaVersion === 1 ? { ...config, stageSize: null } : config;
  return validateRunConfig(migrated as Record<string, unknown>, path);
}
