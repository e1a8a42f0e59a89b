/**
 * The submission's shape: a policy as rows, one per (game, t, noise node, state), whose `probs`
 * cell lists π_t(a|s) over the game's actions in order. Reading rows back checks every row and
 * names the first bad one.
 */

import type { PolicyTable } from "./flow.js";
import { type Game, makeGame } from "./games.js";

export const SUBMISSION_COLUMNS = ["game", "t", "noise", "state", "probs"] as const;

export type PolicyRow = {
  game: string;
  t: number;
  noise: string;
  state: number;
  probs: number[];
};

/** A submission that cannot be read as a policy; the message says which row and why. */
export class PolicyTableError extends Error {
  override readonly name = "PolicyTableError";
}

/** The (game, t, noise, state) keys a submission must cover, in the test split's order. */
export function policyKeys(game: Game): Omit<PolicyRow, "probs">[] {
  const keys: Omit<PolicyRow, "probs">[] = [];
  for (let t = 0; t < game.horizon; t++)
    for (const node of game.nodes[t] ?? [])
      for (let state = 0; state < game.nStates; state++)
        keys.push({ game: game.id, t, noise: node.label, state });
  return keys;
}

/** A policy table as rows (probabilities to 7 significant digits, which the reader renormalises). */
export function policyRows(game: Game, policy: PolicyTable): PolicyRow[] {
  const A = game.actions.length;
  return policyKeys(game).map((key) => {
    const node = (game.nodes[key.t] ?? []).findIndex((n) => n.label === key.noise);
    const probs = policy[key.t]?.[node];
    if (probs === undefined)
      throw new PolicyTableError(`${game.id}: the policy has no t=${key.t} ${key.noise}`);
    const row = Array.from(probs.subarray(key.state * A, key.state * A + A), (p) => Number(p.toPrecision(7)));
    return { ...key, probs: row };
  });
}

function parseProbs(cell: unknown, nActions: number, where: string): number[] {
  let value: unknown = cell;
  if (typeof cell === "string") {
    try {
      value = JSON.parse(cell);
    } catch {
      throw new PolicyTableError(`${where}: probs ${JSON.stringify(cell.slice(0, 40))} is not a JSON list`);
    }
  }
  if (!Array.isArray(value) || value.length !== nActions)
    throw new PolicyTableError(`${where}: probs must list ${nActions} probabilities, one per action`);
  const probs = value.map(Number);
  if (probs.some((p) => !Number.isFinite(p) || p < 0))
    throw new PolicyTableError(`${where}: probs must be finite and non-negative`);
  const total = probs.reduce((x, y) => x + y, 0);
  if (Math.abs(total - 1) > 1e-3) throw new PolicyTableError(`${where}: probs sum to ${total}, not 1`);
  return probs.map((p) => p / total);
}

const integer = (cell: unknown): number => (typeof cell === "number" ? cell : Number(String(cell).trim()));

/**
 * Reads submission rows (cells as CSV strings or JSON values) into one policy table per game.
 * Every (t, noise, state) of each expected game must appear exactly once, and nothing else.
 */
export function policiesFromRows(
  gameIds: readonly string[],
  rows: readonly Record<string, unknown>[],
): Map<string, PolicyTable> {
  const games = new Map(gameIds.map((id) => [id, makeGame(id)] as const));
  const tables = new Map<string, PolicyTable>();
  const seen = new Map<string, Uint8Array[][]>();
  for (const [id, game] of games) {
    tables.set(
      id,
      game.nodes
        .slice(0, game.horizon)
        .map((here) => here.map(() => new Float64Array(game.nStates * game.actions.length))),
    );
    seen.set(
      id,
      game.nodes.slice(0, game.horizon).map((here) => here.map(() => new Uint8Array(game.nStates))),
    );
  }
  rows.forEach((row, index) => {
    const where = `row ${index + 1}`;
    const id = String(row.game ?? "");
    const game = games.get(id);
    if (game === undefined) throw new PolicyTableError(`${where}: game "${id}" is not one of the test games`);
    const t = integer(row.t);
    if (!Number.isInteger(t) || t < 0 || t >= game.horizon)
      throw new PolicyTableError(`${where}: t=${String(row.t)} is not a step 0..${game.horizon - 1}`);
    const node = (game.nodes[t] ?? []).findIndex((n) => n.label === String(row.noise));
    if (node < 0)
      throw new PolicyTableError(`${where}: noise "${String(row.noise)}" is not a node of ${id} at t=${t}`);
    const s = integer(row.state);
    if (!Number.isInteger(s) || s < 0 || s >= game.nStates)
      throw new PolicyTableError(`${where}: state ${String(row.state)} is not in 0..${game.nStates - 1}`);
    const mark = seen.get(id)?.[t]?.[node];
    if (mark === undefined || mark[s] === 1)
      throw new PolicyTableError(`${where}: (${id}, t=${t}, ${String(row.noise)}, state ${s}) appears twice`);
    mark[s] = 1;
    const A = game.actions.length;
    tables.get(id)?.[t]?.[node]?.set(parseProbs(row.probs, A, where), s * A);
  });
  for (const [id, marks] of seen) {
    marks.forEach((nodes, t) => {
      nodes.forEach((mark, n) => {
        const missing = mark.indexOf(0);
        if (missing >= 0)
          throw new PolicyTableError(
            `no row for (${id}, t=${t}, ${games.get(id)?.nodes[t]?.[n]?.label}, state ${missing})`,
          );
      });
    });
  }
  return tables;
}
