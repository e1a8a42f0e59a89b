import type { RunSummary } from "../evolve/options.js";
import type { RunConfig } from "../evolve/run-config.js";
import { runFinished } from "../evolve/run-dir-checks.js";
import { readRunSummary } from "../evolve/run-summary-file.js";

/** Every node scored 0: name the likely cause instead of leaving a flat curve unexplained. */
export function zeroScoreWarning(
  summary: Pick<RunSummary, "bestScore" | "validCount">,
  config: Pick<RunConfig, "taskModel" | "agentDir">,
): string | undefined {
  if (summary.validCount === 0 || summary.bestScore !== 0) return undefined;
  const lines = [
    "warning: every node scored 0: no task agent in this run solved a single instance, so selection had nothing to climb.",
  ];
  if (config.taskModel === "offline") {
    lines.push(
      `  likely cause: the task model is offline, and offline is no LLM: a task agent that asks ctx.llm for its answers (as the one from ${config.agentDir} may) gets none.`,
      "  The offline model cannot drive an LLM agent: pass --model openai:NAME or anthropic:NAME (with its key), or start from agents/offline, whose task agent needs no model.",
    );
  } else {
    lines.push(
      "  check that the task agent returns what the task expects: `hyperagents eval --task TASK --agent DIR --limit 3` shows each instance's error.",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Whether every generation is done and the run ended on its own (summary.json says "done"). */
export function isFinished(runDir: string, config: Pick<RunConfig, "generations">): boolean {
  if (!runFinished(runDir, config)) return false;
  // No summary: the process stopped after its last generation (the test split may be unscored).
  return readRunSummary(runDir)?.reason === "done";
}

/** A resume of a run whose generations are all done, with nothing to extend: say so and how. */
export function finishedRunNote(runDir: string, generations: number): string {
  return (
    `${runDir} is finished: all ${generations} generations are done, so there is nothing to resume. ` +
    `To extend it, pass the new total: --resume ${runDir} --generations ${generations + 5} (any number above ${generations})`
  );
}

/** An offline `--baseline dgm`: the meta agent is the offline one whichever baseline runs. */
export function baselineNote(baseline: string | undefined, metaModel: string): string | undefined {
  if (metaModel !== "offline" || (baseline !== "dgm" && baseline !== "dgm-no-self-improve")) return undefined;
  const same = baseline === "dgm" ? "DGM-H (--baseline none)" : "--baseline no-self-improve";
  return (
    `note: --baseline ${baseline} with the offline meta model: the offline meta agent ignores the instruction generator's problem statement, ` +
    `so offline ${baseline} equals ${same}; pass a provider --meta-model to compare the DGM with DGM-H\n`
  );
}
