/**
 * Ring sizes of a small graph, the way a chemist reads them: the ring of a bond is the smallest
 * cycle through it, and the largest ring is the largest of those (0 for a tree).
 */

function adjacency(nodes: number, bonds: readonly (readonly number[])[]): number[][][] {
  const neighbours: number[][][] = Array.from({ length: nodes }, () => []);
  bonds.forEach(([u = 0, v = 0], index) => {
    neighbours[u]?.push([v, index]);
    neighbours[v]?.push([u, index]);
  });
  return neighbours;
}

/** Shortest path length from `from` to `to` without using the bond `skip`; -1 if none. */
function pathAvoiding(neighbours: readonly number[][][], skip: number, from: number, to: number): number {
  const dist = new Array<number>(neighbours.length).fill(-1);
  dist[from] = 0;
  const queue = [from];
  for (let head = 0; head < queue.length && dist[to] === -1; head++) {
    const u = queue[head] ?? 0;
    for (const [v = 0, index] of neighbours[u] ?? []) {
      if (index === skip || dist[v] !== -1) continue;
      dist[v] = (dist[u] ?? 0) + 1;
      queue.push(v);
    }
  }
  return dist[to] ?? -1;
}

/** The smallest cycle through each bond (0 for a bond on no cycle). */
export function smallestRings(nodes: number, bonds: readonly (readonly number[])[]): number[] {
  const neighbours = adjacency(nodes, bonds);
  return bonds.map(([u = 0, v = 0], index) => {
    const path = pathAvoiding(neighbours, index, u, v);
    return path < 0 ? 0 : path + 1;
  });
}

export function largestRing(nodes: number, bonds: readonly (readonly number[])[]): number {
  return Math.max(0, ...smallestRings(nodes, bonds));
}
