/**
 * Valid submission rate. Per task, the fraction of an agent's runs (seeds) whose submission was
 * scored; per agent, the mean over tasks with a 95% t interval (as the paper's `mean_ci`:
 * t(0.975, n−1) · standard error, no spread for one task). Tasks are also binned as the paper's
 * figure does: Invalid (0%), Low (1–33%), Medium (34–66%), High (67–100%).
 */
import { meanInterval } from "../../sdk/internal/stats.js";

export type VsrBin = "invalid" | "low" | "medium" | "high";

export interface TaskVsr {
  task: string;
  runs: number;
  valid: number;
  rate: number;
  bin: VsrBin;
}

export interface AgentVsr {
  /** Mean over tasks of the per-task rates. */
  mean: number;
  /** 95% t interval of that mean; [mean, mean] for one task, NaNs for none. */
  ci: [number, number];
  tasks: TaskVsr[];
}

/** Bins on the rounded percentage, so 1/3 (33%) is low and 2/3 (67%) is high. */
export function vsrBin(rate: number): VsrBin {
  const percent = Math.round(rate * 100);
  if (percent === 0) return "invalid";
  if (percent <= 33) return "low";
  if (percent <= 66) return "medium";
  return "high";
}

/** One task's rate from its runs' validity. */
export function taskVsr(task: string, valid: readonly boolean[]): TaskVsr {
  const count = valid.filter(Boolean).length;
  const rate = valid.length === 0 ? Number.NaN : count / valid.length;
  return { task, runs: valid.length, valid: count, rate, bin: vsrBin(rate) };
}

/** An agent's VSR from each task's runs' validity (task → one flag per run). */
export function agentVsr(runs: Readonly<Record<string, readonly boolean[]>>): AgentVsr {
  const tasks = Object.entries(runs)
    .filter(([, flags]) => flags.length > 0)
    .map(([task, flags]) => taskVsr(task, flags));
  const { mean, ci } = meanInterval(tasks.map((t) => t.rate));
  return { mean, ci, tasks };
}
