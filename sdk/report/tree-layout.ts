/**
 * Tidy layout of the archive tree: x is the generation (given), y a row in leaf units. Leaves
 * take consecutive rows in depth-first order, so every subtree occupies one contiguous band and
 * a parent sits at the middle of its children. Linear time, iterative (lineages can be 5,000 deep).
 */

export interface LayoutInput {
  id: string;
  parentId: string | null;
}

export interface TreeLayout {
  /** Row of each input node, by index. */
  rows: number[];
  /** Index of each node's parent, -1 for roots (no parent, or a parent not in the archive). */
  parents: number[];
  /** Rows used: the number of leaves. */
  rowCount: number;
}

/** Children keep the input order (the store returns nodes by generation, then slot). */
export function layoutTree(nodes: readonly LayoutInput[]): TreeLayout {
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const parents = nodes.map((node) => (node.parentId === null ? -1 : (index.get(node.parentId) ?? -1)));
  const children: number[][] = nodes.map(() => []);
  const roots: number[] = [];
  parents.forEach((parent, i) => {
    if (parent === -1 || parent === i) roots.push(i);
    else children[parent]!.push(i);
  });
  const rows = new Array<number>(nodes.length).fill(Number.NaN);
  let next = 0;
  // Post-order walk with an explicit stack: [node, expanded?].
  const stack: [number, boolean][] = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push([roots[r]!, false]);
  while (stack.length > 0) {
    const [node, expanded] = stack.pop()!;
    const kids = children[node]!;
    if (kids.length === 0) {
      rows[node] = next++;
    } else if (expanded) {
      rows[node] = (rows[kids[0]!]! + rows[kids[kids.length - 1]!]!) / 2;
    } else {
      stack.push([node, true]);
      for (let k = kids.length - 1; k >= 0; k--) stack.push([kids[k]!, false]);
    }
  }
  // Nodes on a parent cycle (a corrupt store) were never reached: give them rows of their own.
  for (let i = 0; i < rows.length; i++) if (Number.isNaN(rows[i])) rows[i] = next++;
  return { rows, parents, rowCount: next };
}
