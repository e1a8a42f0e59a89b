/**
 * Which lines of two files changed: a shortest edit script by Myers' O(ND) algorithm ("An O(ND)
 * Difference Algorithm and Its Variations", 1986) in its linear-space form (find the middle snake,
 * recurse on both halves), after trimming the common ends. Each block of changed lines is then
 * slid down while the line below it equals its first line, so an inserted function lands after
 * the closing brace it repeats, as people expect to read it. Lines are compared as whole strings.
 */

/** Per file: `changed[i]` is 1 when line i is removed (old file) or added (new file). */
export interface LineChanges {
  changed: Uint8Array;
}

export function diffLines(
  oldLines: readonly string[],
  newLines: readonly string[],
): [LineChanges, LineChanges] {
  // Lines as small integers, so the search compares numbers, not strings.
  const ids = new Map<string, number>();
  const idOf = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    return id;
  };
  const a = Int32Array.from(oldLines, idOf);
  const b = Int32Array.from(newLines, idOf);
  const changedA = new Uint8Array(a.length);
  const changedB = new Uint8Array(b.length);
  const search = new SnakeSearch(a, b);
  search.compare(0, a.length, 0, b.length, changedA, changedB);
  slideDown(a, changedA);
  slideDown(b, changedB);
  return [{ changed: changedA }, { changed: changedB }];
}

/** The linear-space search, with its two diagonal arrays allocated once. */
class SnakeSearch {
  private readonly forward: Int32Array;
  private readonly backward: Int32Array;
  private readonly offset: number;

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
  ) {
    const size = a.length + b.length + 3;
    this.offset = size;
    this.forward = new Int32Array(2 * size + 1);
    this.backward = new Int32Array(2 * size + 1);
  }

  /** Marks the changed lines of a[lo1, hi1) against b[lo2, hi2). */
  compare(lo1: number, hi1: number, lo2: number, hi2: number, changedA: Uint8Array, changedB: Uint8Array) {
    const { a, b } = this;
    // Iterative on the right half, recursive on the left: depth stays logarithmic in practice.
    for (;;) {
      while (lo1 < hi1 && lo2 < hi2 && a[lo1] === b[lo2]) {
        lo1++;
        lo2++;
      }
      while (lo1 < hi1 && lo2 < hi2 && a[hi1 - 1] === b[hi2 - 1]) {
        hi1--;
        hi2--;
      }
      if (lo1 === hi1) {
        changedB.fill(1, lo2, hi2);
        return;
      }
      if (lo2 === hi2) {
        changedA.fill(1, lo1, hi1);
        return;
      }
      const [x, y] = this.middle(lo1, hi1, lo2, hi2);
      this.compare(lo1, x, lo2, y, changedA, changedB);
      lo1 = x;
      lo2 = y;
    }
  }

  /**
   * A point (x, y) on an optimal path through a[lo1, hi1) × b[lo2, hi2), found where the forward
   * and backward searches meet (both ends differ, so the point splits the problem in two).
   */
  private middle(lo1: number, hi1: number, lo2: number, hi2: number): [number, number] {
    const { a, b, forward, backward, offset } = this;
    const n = hi1 - lo1;
    const m = hi2 - lo2;
    const delta = n - m;
    const odd = (delta & 1) !== 0;
    const max = Math.ceil((n + m) / 2);
    // forward[k]: furthest x on diagonal k = x - y (relative to lo1, lo2) from the top left;
    // backward[k]: smallest x on diagonal k from the bottom right.
    forward[offset + 1] = 0;
    backward[offset + delta - 1] = n;
    for (let d = 0; d <= max; d++) {
      for (let k = -d; k <= d; k += 2) {
        let x =
          k === -d || (k !== d && forward[offset + k - 1]! < forward[offset + k + 1]!)
            ? forward[offset + k + 1]!
            : forward[offset + k - 1]! + 1;
        let y = x - k;
        while (x < n && y < m && a[lo1 + x] === b[lo2 + y]) {
          x++;
          y++;
        }
        forward[offset + k] = x;
        if (odd && k >= delta - (d - 1) && k <= delta + (d - 1) && x >= backward[offset + k]!) {
          return [lo1 + x, lo2 + y];
        }
      }
      for (let k = -d; k <= d; k += 2) {
        const kb = k + delta;
        let x =
          k === d || (k !== -d && backward[offset + kb - 1]! < backward[offset + kb + 1]!)
            ? backward[offset + kb - 1]!
            : backward[offset + kb + 1]! - 1;
        let y = x - kb;
        while (x > 0 && y > 0 && a[lo1 + x - 1] === b[lo2 + y - 1]) {
          x--;
          y--;
        }
        backward[offset + kb] = x;
        if (!odd && kb >= -d && kb <= d && x <= forward[offset + kb]!) {
          return [lo1 + x, lo2 + y];
        }
      }
    }
    // Unreachable: the searches meet by d = ceil((n + m) / 2).
    return [lo1 + n, lo2 + m];
  }
}

/**
 * Slides each block of changed lines down while the line just below it is unchanged and equal to
 * the block's first line: the same lines change, only which copy of a repeated line is reported.
 */
function slideDown(lines: Int32Array, changed: Uint8Array): void {
  let i = 0;
  while (i < lines.length) {
    if (!changed[i]) {
      i++;
      continue;
    }
    let start = i;
    let end = i;
    while (end < lines.length && changed[end]) end++;
    while (end < lines.length && !changed[end] && lines[end] === lines[start]) {
      changed[start] = 0;
      changed[end] = 1;
      start++;
      end++;
      // Sliding into the next block joins it.
      while (end < lines.length && changed[end]) end++;
    }
    i = end;
  }
}
