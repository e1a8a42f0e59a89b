/**
 * The AIRS leaderboard, computed as the paper's notebook does: per agent the mean normalised
 * score over tasks (with median and IQM, stratified-bootstrap intervals over a seeds × tasks
 * matrix), the valid submission rate with its t interval, and Bradley–Terry Elo in which SOTA
 * plays with 10 copies of its score; plus an agent × task table.
 */

import type { AirsMetadata } from "../../tasks/airs/format.js";
import {
  aggregateScores,
  type EloRating,
  type EloTask,
  type Estimate,
  eloRatings,
  normalizedScoreLog,
  observedWorstScore,
} from "../metrics/index.js";
import { agentVsr } from "../metrics/vsr.js";
import type { AirsRun } from "./runs.js";

/** What the board needs of a task's metadata. */
export type AirsTaskInfo = Pick<
  AirsMetadata,
  "name" | "metric" | "lowerIsBetter" | "optimalScore" | "sota" | "estimatedWorstScore"
>;

export interface LeaderboardOptions {
  /**
   * The 0 of the normalised score: the task's estimated worst score (the paper's figures, and what
   * the evaluator recorded), or the worst valid score any agent reached on the task.
   */
  worst?: "estimated" | "observed";
  /** Bootstrap resamples of the score aggregates (rliable's 50,000 by default). */
  resamples?: number;
  /** Bootstrap rounds of Elo (the paper's 100). */
  eloRounds?: number;
  seed?: number;
}

export const SOTA_PLAYER = "SOTA";

export interface AgentRow {
  agent: string;
  model: string;
  program: string;
  runs: number;
  /** Tasks the agent ran. */
  tasks: number;
  /** Seeds in its score matrix: those run on every one of its tasks (the notebook's dropna). */
  seeds: number;
  mean: Estimate;
  median: Estimate;
  iqm: Estimate;
  vsr: { mean: number; ci: [number, number] };
  /** Undefined when none of its tasks has metadata to judge battles by. */
  elo?: EloRating;
}

export interface TaskColumn {
  task: string;
  metric: string | null;
  lowerIsBetter: boolean | null;
  sota: number | null;
}

export interface TaskCell {
  agent: string;
  task: string;
  runs: number;
  valid: number;
  vsr: number;
  meanNormalizedScore: number;
  /** Mean raw score over the valid runs; null when none was valid. */
  meanScore: number | null;
}

export interface AirsLeaderboard {
  /** Best mean normalised score first. */
  agents: AgentRow[];
  tasks: TaskColumn[];
  cells: TaskCell[];
  /** SOTA's Elo (the reference player); undefined when no task has a SOTA score. */
  sota?: EloRating;
  /** Battles counted once; 0 when there was nothing to rate. */
  battles: number;
  /**
   * False when the Elo fit has no finite maximum (some player won, or lost, every battle it
   * played against the others): its ratings then only say the order, spread by the fit's limit.
   */
  eloConverged: boolean;
  runs: number;
  worst: "estimated" | "observed";
  /** Caveats a reader should see: tasks without metadata, seeds dropped, uneven coverage. */
  notes: string[];
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Each run's normalised score: 0 when invalid, else the log transform against the task's anchors. */
function normalisedScores(
  runs: readonly AirsRun[],
  tasks: Readonly<Record<string, AirsTaskInfo>>,
  worst: "estimated" | "observed",
): number[] {
  const observed = new Map<string, number | undefined>();
  for (const [task, info] of Object.entries(tasks)) {
    const scores = runs.filter((run) => run.task === task).map((run) => run.score);
    observed.set(task, observedWorstScore(scores, info.lowerIsBetter));
  }
  return runs.map((run) => {
    if (!run.valid || run.score === null) return 0;
    const info = tasks[run.task];
    if (info === undefined) return run.normalizedScore ?? 0;
    return normalizedScoreLog(run.score, {
      optimal: info.optimalScore,
      sota: info.sota[0]?.score ?? info.optimalScore,
      worst:
        worst === "observed"
          ? (observed.get(run.task) ?? info.estimatedWorstScore)
          : info.estimatedWorstScore,
      lowerIsBetter: info.lowerIsBetter,
    });
  });
}

interface Scored {
  run: AirsRun;
  ns: number;
}

/** Mean, median and IQM over the agent's seeds × tasks matrix, with their bootstrap intervals. */
function agentScores(scored: readonly Scored[], options: LeaderboardOptions, notes: string[]) {
  const tasks = [...new Set(scored.map((s) => s.run.task))].sort();
  const seeds = [...new Set(scored.map((s) => s.run.seed))].sort((a, b) => a - b);
  const matrix = seeds.map((seed) =>
    tasks.map((task) => scored.find((s) => s.run.seed === seed && s.run.task === task)?.ns ?? Number.NaN),
  );
  const complete = matrix.filter((row) => row.every((v) => !Number.isNaN(v))).length;
  const agent = scored[0]!.run.agent;
  if (complete < seeds.length) {
    notes.push(
      `${agent}: ${seeds.length - complete} of ${seeds.length} seeds not run on every task, left out of its intervals`,
    );
  }
  if (complete === 0) {
    const byTask = tasks.map((task) => mean(scored.filter((s) => s.run.task === task).map((s) => s.ns)));
    const none: Estimate = { value: mean(byTask), ci: [Number.NaN, Number.NaN] };
    return { tasks: tasks.length, seeds: 0, mean: none, median: { ...none }, iqm: { ...none } };
  }
  const aggregate = aggregateScores(matrix, {
    ...(options.resamples === undefined ? {} : { resamples: options.resamples }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  return {
    tasks: tasks.length,
    seeds: complete,
    mean: aggregate.mean,
    median: aggregate.median,
    iqm: aggregate.iqm,
  };
}

/** Elo over the tasks whose direction is known; SOTA joins each task that has a SOTA score. */
function elo(
  runs: readonly AirsRun[],
  tasks: Readonly<Record<string, AirsTaskInfo>>,
  options: LeaderboardOptions,
) {
  const eloTasks: EloTask[] = [];
  for (const task of [...new Set(runs.map((run) => run.task))].sort()) {
    const info = tasks[task];
    if (info === undefined) continue;
    const players: Record<string, (number | null)[]> = {};
    for (const run of runs.filter((r) => r.task === task).sort((a, b) => a.seed - b.seed)) {
      players[run.agent] = [...(players[run.agent] ?? []), run.valid ? run.score : null];
    }
    const sota = info.sota[0]?.score;
    eloTasks.push({
      task,
      lowerIsBetter: info.lowerIsBetter,
      runs: players,
      ...(sota === undefined ? {} : { sota }),
    });
  }
  if (eloTasks.length === 0) return undefined;
  return eloRatings(eloTasks, {
    sotaPlayer: SOTA_PLAYER,
    bootstrapRounds: options.eloRounds ?? 100,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
}

function taskCells(scored: readonly Scored[]): TaskCell[] {
  const groups = new Map<string, Scored[]>();
  for (const s of scored) {
    const key = JSON.stringify([s.run.agent, s.run.task]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((group): TaskCell => {
    const valid = group.filter((s) => s.run.valid).map((s) => s.run.score!);
    return {
      agent: group[0]!.run.agent,
      task: group[0]!.run.task,
      runs: group.length,
      valid: valid.length,
      vsr: valid.length / group.length,
      meanNormalizedScore: mean(group.map((s) => s.ns)),
      meanScore: valid.length === 0 ? null : mean(valid),
    };
  });
}

/** The leaderboard of `runs`; `tasks` maps task ids (`airs/<name>`) to their metadata. */
export function airsLeaderboard(
  runs: readonly AirsRun[],
  tasks: Readonly<Record<string, AirsTaskInfo>>,
  options: LeaderboardOptions = {},
): AirsLeaderboard {
  const worst = options.worst ?? "estimated";
  const ns = normalisedScores(runs, tasks, worst);
  const scored = runs.map((run, i) => ({ run, ns: ns[i]! }));
  const taskIds = [...new Set(runs.map((run) => run.task))].sort();
  const notes: string[] = [];
  const unknown = taskIds.filter((task) => tasks[task] === undefined);
  if (unknown.length > 0) {
    notes.push(
      `no metadata for ${unknown.join(", ")}: their recorded normalised scores are used, and they play no Elo battles`,
    );
  }
  const ratings = elo(runs, tasks, options);
  if (ratings !== undefined && !ratings.converged) {
    notes.push(
      "Elo: some player won or lost every battle against the rest, so the ratings have no finite fit; they give the order, not the gaps (more seeds or agents help)",
    );
  }
  const cells = taskCells(scored);
  const agents = [...new Set(runs.map((run) => run.agent))].map((agent): AgentRow => {
    const own = scored.filter((s) => s.run.agent === agent);
    const first = own[0]!.run;
    const valid: Record<string, boolean[]> = {};
    for (const { run } of own) valid[run.task] = [...(valid[run.task] ?? []), run.valid];
    const { mean: vsrMean, ci } = agentVsr(valid);
    const rating = ratings?.ratings.find((r) => r.player === agent);
    return {
      agent,
      model: first.model,
      program: first.program,
      runs: own.length,
      ...agentScores(own, options, notes),
      vsr: { mean: vsrMean, ci },
      ...(rating === undefined ? {} : { elo: rating }),
    };
  });
  for (const row of agents.filter((a) => a.tasks < taskIds.length)) {
    notes.push(`${row.agent} ran ${row.tasks} of ${taskIds.length} tasks: its means are over those only`);
  }
  agents.sort((a, b) => b.mean.value - a.mean.value || a.agent.localeCompare(b.agent));
  const sota = ratings?.ratings.find((r) => r.player === SOTA_PLAYER);
  return {
    agents,
    tasks: taskIds.map((task) => {
      const info = tasks[task];
      return {
        task,
        metric: info?.metric ?? null,
        lowerIsBetter: info?.lowerIsBetter ?? null,
        sota: info?.sota[0]?.score ?? null,
      };
    }),
    cells,
    ...(sota === undefined ? {} : { sota }),
    battles: ratings?.battles ?? 0,
    eloConverged: ratings?.converged ?? true,
    runs: runs.length,
    worst,
    notes,
  };
}
