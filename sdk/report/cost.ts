/** Cost of a run per generation (USD, tokens, calls, per role) and cumulative. */
import type { CostRecord, EventRecord, NodeRecord } from "../store/run-store.js";
import type { CostRow } from "./report-types.js";

export interface CostByGeneration {
  rows: CostRow[];
  /** Calls recorded without a node id (run-level); counted in no generation. */
  unattributedUsd: number;
  unattributedTokens: number;
}

export function costByGeneration(
  nodes: readonly NodeRecord[],
  costs: readonly CostRecord[],
  events: readonly EventRecord[] = [],
): CostByGeneration {
  const generationOf = new Map(nodes.map((node) => [node.id, node.generation]));
  const last = nodes.reduce((max, node) => Math.max(max, node.generation), 0);
  const wall = generationWallMs(events);
  const rows: CostRow[] = Array.from({ length: nodes.length > 0 ? last + 1 : 0 }, (_, generation) => ({
    generation,
    costUsd: 0,
    inputTokens: 0,
    outputTokens: 0,
    calls: 0,
    byRole: {},
    cumulativeUsd: 0,
    cumulativeTokens: 0,
    wallMs: wall.get(generation) ?? null,
  }));
  let unattributedUsd = 0;
  let unattributedTokens = 0;
  for (const cost of costs) {
    const generation = cost.nodeId === null ? undefined : generationOf.get(cost.nodeId);
    const row = generation === undefined ? undefined : rows[generation];
    if (!row) {
      unattributedUsd += cost.costUsd;
      unattributedTokens += cost.inputTokens + cost.outputTokens;
      continue;
    }
    row.costUsd += cost.costUsd;
    row.inputTokens += cost.inputTokens;
    row.outputTokens += cost.outputTokens;
    row.calls += cost.calls;
    row.byRole[cost.role] = (row.byRole[cost.role] ?? 0) + cost.costUsd;
  }
  let usd = 0;
  let tokens = 0;
  for (const row of rows) {
    usd += row.costUsd;
    tokens += row.inputTokens + row.outputTokens;
    row.cumulativeUsd = usd;
    row.cumulativeTokens = tokens;
  }
  return { rows, unattributedUsd, unattributedTokens };
}

/** Wall time per generation from generation-end events (the last one wins after a resume). */
function generationWallMs(events: readonly EventRecord[]): Map<number, number> {
  const wall = new Map<number, number>();
  for (const event of events) {
    if (event.type !== "generation-end" || event.generation === null) continue;
    const payload = event.payload as { elapsedMs?: unknown } | null;
    if (typeof payload?.elapsedMs === "number") wall.set(event.generation, payload.elapsedMs);
  }
  return wall;
}
