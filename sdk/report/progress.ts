/** Score progress of an archive: best and median selection score of the valid archive per generation. */
import { median } from "../internal/stats.js";
import type { NodeRecord } from "../store/run-store.js";
import type { ProgressPoint } from "./report-types.js";

/**
 * One point per generation 0..last: the archive after generation g holds every node of
 * generation <= g; best and median are over its valid, scored nodes (DGM-H's archive).
 */
export function progressByGeneration(nodes: readonly NodeRecord[]): ProgressPoint[] {
  if (nodes.length === 0) return [];
  const last = Math.max(...nodes.map((node) => node.generation));
  const byGeneration: NodeRecord[][] = Array.from({ length: last + 1 }, () => []);
  for (const node of nodes) byGeneration[node.generation]?.push(node);
  const points: ProgressPoint[] = [];
  const scores: number[] = [];
  let total = 0;
  for (let generation = 0; generation <= last; generation++) {
    for (const node of byGeneration[generation] ?? []) {
      total++;
      if (node.status === "valid" && node.score !== null) scores.push(node.score);
    }
    points.push({
      generation,
      best: scores.length > 0 ? Math.max(...scores) : null,
      median: scores.length > 0 ? median(scores) : null,
      nodes: total,
      valid: scores.length,
    });
  }
  return points;
}
