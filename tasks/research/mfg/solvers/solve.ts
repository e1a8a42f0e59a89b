/**
 * Solving the task's test games with one structural method: the games are grouped by kind and
 * size (one network per group, the bar location being part of the observation, as in MFAX), each
 * group trained for a fixed number of iterations, and the policies written as the table rows.
 */
import { type Game, makeGame } from "../kit/games.js";
import { type PolicyRow, policyRows } from "../kit/table.js";
import type { Method } from "./networks.js";
import { trainStructural } from "./train.js";

type TF = typeof import("@tensorflow/tfjs");

export interface SolveOptions {
  method: Method;
  seed: number;
  /** Iterations per group of games. */
  iterations: number;
  lr?: number;
  log?: (line: string) => void;
}

/** The test split's game ids, in order of first appearance. */
export function testGames(test: readonly Record<string, unknown>[]): string[] {
  return [...new Set(test.map((row) => String(row.game)))];
}

/** Games grouped by kind and size (one network each). */
export function groupGames(ids: readonly string[]): Game[][] {
  const groups = new Map<string, Game[]>();
  for (const id of ids) {
    const game = makeGame(id);
    const key = `${game.spec.kind}/${game.spec.size}`;
    groups.set(key, [...(groups.get(key) ?? []), game]);
  }
  return [...groups.values()];
}

/** Trains each group and returns the policy rows of every game. */
export function solveGames(tf: TF, ids: readonly string[], options: SolveOptions): PolicyRow[] {
  const rows: PolicyRow[] = [];
  for (const games of groupGames(ids)) {
    const { tables, trainMs } = trainStructural(tf, games, {
      method: options.method,
      lr: options.lr ?? 1e-2,
      seed: options.seed,
      iterations: options.iterations,
    });
    options.log?.(
      `${options.method}: ${games.map((g) => g.id).join(", ")} in ${(trainMs / 1000).toFixed(1)} s`,
    );
    for (const game of games) rows.push(...policyRows(game, tables.get(game.id)!));
  }
  return rows;
}
