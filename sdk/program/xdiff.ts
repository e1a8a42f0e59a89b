/**
 * Which lines of two files changed, the way git's xdiff decides it (xdiff/xprepare.c,
 * xdiffi.c): trim the common ends, set aside lines only one side has, Myers' divide and conquer
 * on the rest, then slide each changed block to where git puts it (down as far as it goes, back
 * to line up with the other side, else the indent heuristic). So the store's patches match
 * `git diff-tree -p` without a git process per child. Lines are latin1 strings: one char a byte.
 */

/** Per file: `changed[i + 1]` is 1 when line i is removed (old file) or added (new file). */
export interface LineChanges {
  changed: Uint8Array;
}

const MAX_EQ_LIMIT = 1024;
const SIMSCAN_WINDOW = 100;
const KPDIS_RUN = 4;
const MAX_COST_MIN = 256;

/** xdl_bogosqrt: a power of two near the square root. */
function bogoSqrt(n: number): number {
  let i = 1;
  for (; n > 0; n >>= 2) i <<= 1;
  return i;
}

interface Side {
  lines: readonly string[];
  /** Class id of each line (equal lines, equal ids). */
  ids: Int32Array;
  /** Sentinel-padded: index i + 1 is line i. */
  changed: Uint8Array;
  /** The lines Myers sees: their class ids and their line numbers. */
  ha: number[];
  rindex: number[];
}

export function diffLines(
  oldLines: readonly string[],
  newLines: readonly string[],
): [LineChanges, LineChanges] {
  const classes = new Map<string, number>();
  const count: Array<[number, number]> = [];
  const classify = (lines: readonly string[], which: 0 | 1) => {
    const ids = new Int32Array(lines.length);
    for (const [i, line] of lines.entries()) {
      let id = classes.get(line);
      if (id === undefined) {
        id = count.length;
        classes.set(line, id);
        count.push([0, 0]);
      }
      count[id]![which]++;
      ids[i] = id;
    }
    return ids;
  };
  const side = (lines: readonly string[], ids: Int32Array): Side => ({
    lines,
    ids,
    changed: new Uint8Array(lines.length + 2),
    ha: [],
    rindex: [],
  });
  const a = side(oldLines, classify(oldLines, 0));
  const b = side(newLines, classify(newLines, 1));
  prepare(a, b, count);
  const kv = a.ha.length + b.ha.length + 3;
  const mxcost = Math.max(MAX_COST_MIN, bogoSqrt(kv));
  recsCmp(
    a,
    0,
    a.ha.length,
    b,
    0,
    b.ha.length,
    new Int32Array(2 * kv + 2),
    new Int32Array(2 * kv + 2),
    b.ha.length + 1,
    false,
    mxcost,
  );
  compact(a, b);
  compact(b, a);
  return [{ changed: a.changed }, { changed: b.changed }];
}

/** xdl_trim_ends and xdl_cleanup_records: what Myers works on. */
function prepare(a: Side, b: Side, count: ReadonlyArray<[number, number]>): void {
  let start = 0;
  const lim = Math.min(a.ids.length, b.ids.length);
  while (start < lim && a.ids[start] === b.ids[start]) start++;
  let tail = 0;
  while (tail < lim - start && a.ids[a.ids.length - 1 - tail] === b.ids[b.ids.length - 1 - tail]) tail++;
  const discard = (s: Side, other: 0 | 1) => {
    const end = s.ids.length - tail - 1;
    const mlim = Math.min(MAX_EQ_LIMIT, bogoSqrt(s.ids.length));
    const dis = new Uint8Array(s.ids.length + 1);
    for (let i = start; i <= end; i++) {
      const nm = count[s.ids[i]!]![other];
      dis[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
    }
    for (let i = start; i <= end; i++) {
      if (dis[i] === 1 || (dis[i] === 2 && !cleanMultiMatch(dis, i, start, end))) {
        s.rindex.push(i);
        s.ha.push(s.ids[i]!);
      } else s.changed[i + 1] = 1;
    }
  };
  discard(a, 1);
  discard(b, 0);
}

/** xdl_clean_mmatch: drop a line with many matches when it sits among lines with none. */
function cleanMultiMatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
  const lo = Math.max(s, i - SIMSCAN_WINDOW);
  const hi = Math.min(e, i + SIMSCAN_WINDOW);
  let rdis0 = 0;
  let rpdis0 = 1;
  for (let r = 1; i - r >= lo; r++) {
    if (!dis[i - r]) rdis0++;
    else if (dis[i - r] === 2) rpdis0++;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (let r = 1; i + r <= hi; r++) {
    if (!dis[i + r]) rdis1++;
    else if (dis[i + r] === 2) rpdis1++;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * KPDIS_RUN < rpdis1 + rdis1;
}

/** xdl_recs_cmp: shrink the box by its common ends, split it at a middle snake, recurse. */
function recsCmp(
  a: Side,
  off1: number,
  lim1: number,
  b: Side,
  off2: number,
  lim2: number,
  kvdf: Int32Array,
  kvdb: Int32Array,
  base: number,
  needMin: boolean,
  mxcost: number,
): void {
  const ha1 = a.ha;
  const ha2 = b.ha;
  while (off1 < lim1 && off2 < lim2 && ha1[off1] === ha2[off2]) {
    off1++;
    off2++;
  }
  while (off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] === ha2[lim2 - 1]) {
    lim1--;
    lim2--;
  }
  if (off1 === lim1) {
    for (; off2 < lim2; off2++) b.changed[b.rindex[off2]! + 1] = 1;
  } else if (off2 === lim2) {
    for (; off1 < lim1; off1++) a.changed[a.rindex[off1]! + 1] = 1;
  } else {
    const spl = split(ha1, off1, lim1, ha2, off2, lim2, kvdf, kvdb, base, needMin, mxcost);
    recsCmp(a, off1, spl.i1, b, off2, spl.i2, kvdf, kvdb, base, spl.minLo, mxcost);
    recsCmp(a, spl.i1, lim1, b, spl.i2, lim2, kvdf, kvdb, base, spl.minHi, mxcost);
  }
}

interface Split {
  i1: number;
  i2: number;
  minLo: boolean;
  minHi: boolean;
}

/** xdl_split: the middle snake, searched from both ends (with xdiff's cost cut-off). */
function split(
  ha1: readonly number[],
  off1: number,
  lim1: number,
  ha2: readonly number[],
  off2: number,
  lim2: number,
  kvdf: Int32Array,
  kvdb: Int32Array,
  base: number,
  needMin: boolean,
  mxcost: number,
): Split {
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  const F = (d: number) => d + base;
  kvdf[F(fmid)] = off1;
  kvdb[F(bmid)] = lim1;
  for (let ec = 1; ; ec++) {
    if (fmin > dmin) kvdf[F(--fmin - 1)] = -1;
    else ++fmin;
    if (fmax < dmax) kvdf[F(++fmax + 1)] = -1;
    else --fmax;
    for (let d = fmax; d >= fmin; d -= 2) {
      let i1 = kvdf[F(d - 1)]! >= kvdf[F(d + 1)]! ? kvdf[F(d - 1)]! + 1 : kvdf[F(d + 1)]!;
      let i2 = i1 - d;
      while (i1 < lim1 && i2 < lim2 && ha1[i1] === ha2[i2]) {
        i1++;
        i2++;
      }
      kvdf[F(d)] = i1;
      if (odd && bmin <= d && d <= bmax && kvdb[F(d)]! <= i1) return { i1, i2, minLo: true, minHi: true };
    }
    if (bmin > dmin) kvdb[F(--bmin - 1)] = 0x7fffffff;
    else ++bmin;
    if (bmax < dmax) kvdb[F(++bmax + 1)] = 0x7fffffff;
    else --bmax;
    for (let d = bmax; d >= bmin; d -= 2) {
      let i1 = kvdb[F(d - 1)]! < kvdb[F(d + 1)]! ? kvdb[F(d - 1)]! : kvdb[F(d + 1)]! - 1;
      let i2 = i1 - d;
      while (i1 > off1 && i2 > off2 && ha1[i1 - 1] === ha2[i2 - 1]) {
        i1--;
        i2--;
      }
      kvdb[F(d)] = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= kvdf[F(d)]!) return { i1, i2, minLo: true, minHi: true };
    }
    if (needMin || ec < mxcost) continue;
    return furthestSplit({ off1, lim1, off2, lim2, fmin, fmax, bmin, bmax }, kvdf, kvdb, base);
  }
}

interface Box {
  off1: number;
  lim1: number;
  off2: number;
  lim2: number;
  fmin: number;
  fmax: number;
  bmin: number;
  bmax: number;
}

/** Too costly to search on: split at the furthest-reaching path of either search (xdl_split's cut-off). */
function furthestSplit(box: Box, kvdf: Int32Array, kvdb: Int32Array, base: number): Split {
  const { off1, lim1, off2, lim2 } = box;
  let fbest = -1;
  let fbest1 = -1;
  for (let d = box.fmax; d >= box.fmin; d -= 2) {
    let i1 = Math.min(kvdf[d + base]!, lim1);
    let i2 = i1 - d;
    if (lim2 < i2) {
      i1 = lim2 + d;
      i2 = lim2;
    }
    if (fbest < i1 + i2) {
      fbest = i1 + i2;
      fbest1 = i1;
    }
  }
  let bbest = 0x7fffffff;
  let bbest1 = 0x7fffffff;
  for (let d = box.bmax; d >= box.bmin; d -= 2) {
    let i1 = Math.max(off1, kvdb[d + base]!);
    let i2 = i1 - d;
    if (i2 < off2) {
      i1 = off2 + d;
      i2 = off2;
    }
    if (i1 + i2 < bbest) {
      bbest = i1 + i2;
      bbest1 = i1;
    }
  }
  if (lim1 + lim2 - bbest < fbest - (off1 + off2))
    return { i1: fbest1, i2: fbest - fbest1, minLo: true, minHi: false };
  return { i1: bbest1, i2: bbest - bbest1, minLo: false, minHi: true };
}

/** A run of changed lines [start, end) of one side (xdiff's struct xdlgroup). */
interface Group {
  start: number;
  end: number;
}

const at = (s: Side, i: number) => s.changed[i + 1]!;
const set = (s: Side, i: number, v: 0 | 1) => {
  s.changed[i + 1] = v;
};

function groupInit(s: Side): Group {
  const g = { start: 0, end: 0 };
  while (at(s, g.end)) g.end++;
  return g;
}

function groupNext(s: Side, g: Group): boolean {
  if (g.end === s.ids.length) return false;
  g.start = g.end + 1;
  for (g.end = g.start; at(s, g.end); g.end++);
  return true;
}

function groupPrevious(s: Side, g: Group): boolean {
  if (g.start === 0) return false;
  g.end = g.start - 1;
  for (g.start = g.end; at(s, g.start - 1); g.start--);
  return true;
}

function slideDown(s: Side, g: Group): boolean {
  if (g.end < s.ids.length && s.ids[g.start] === s.ids[g.end]) {
    set(s, g.start++, 0);
    set(s, g.end++, 1);
    while (at(s, g.end)) g.end++;
    return true;
  }
  return false;
}

function slideUp(s: Side, g: Group): boolean {
  if (g.start > 0 && s.ids[g.start - 1] === s.ids[g.end - 1]) {
    set(s, --g.start, 1);
    set(s, --g.end, 0);
    while (at(s, g.start - 1)) g.start--;
    return true;
  }
  return false;
}

/** xdl_change_compact: merge blocks that touch when slid, then place each one as git does. */
function compact(s: Side, o: Side): void {
  const g = groupInit(s);
  const go = groupInit(o);
  for (;;) {
    if (g.end !== g.start) {
      let groupSize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupSize = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp(s, g)) groupPrevious(o, go);
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        while (slideDown(s, g)) {
          groupNext(o, go);
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupSize !== g.end - g.start);
      if (g.end === earliestEnd) {
        // It cannot move.
      } else if (endMatchingOther !== -1) {
        while (go.end === go.start) {
          slideUp(s, g);
          groupPrevious(o, go);
        }
      } else {
        const best = bestShift(s, g, groupSize, earliestEnd);
        while (g.end > best) {
          slideUp(s, g);
          groupPrevious(o, go);
        }
      }
    }
    if (!groupNext(s, g)) break;
    groupNext(o, go);
  }
}

const MAX_INDENT = 200;
const MAX_BLANKS = 20;
const INDENT_HEURISTIC_MAX_SLIDING = 100;

/** Indent of a line (tabs to 8), -1 for a blank one. */
function indentOf(line: string): number {
  let ret = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (!(c === 32 || (c >= 9 && c <= 13))) return ret;
    if (c === 32) ret += 1;
    else if (c === 9) ret += 8 - (ret % 8);
    if (ret >= MAX_INDENT) return MAX_INDENT;
  }
  return -1;
}

interface Score {
  indent: number;
  penalty: number;
}

/** measure_split and score_add_split: how natural a block boundary before line `at` is. */
function scoreSplit(lines: readonly string[], split: number, score: Score): void {
  const n = lines.length;
  const endOfFile = split >= n;
  const indent = endOfFile ? -1 : indentOf(lines[split]!);
  let preBlank = 0;
  let preIndent = -1;
  for (let i = split - 1; i >= 0; i--) {
    preIndent = indentOf(lines[i]!);
    if (preIndent !== -1) break;
    if (++preBlank === MAX_BLANKS) {
      preIndent = 0;
      break;
    }
  }
  let postBlankRun = 0;
  let postIndent = -1;
  for (let i = split + 1; i < n; i++) {
    postIndent = indentOf(lines[i]!);
    if (postIndent !== -1) break;
    if (++postBlankRun === MAX_BLANKS) {
      postIndent = 0;
      break;
    }
  }
  if (preIndent === -1 && preBlank === 0) score.penalty += 1;
  if (endOfFile) score.penalty += 21;
  const postBlank = indent === -1 ? 1 + postBlankRun : 0;
  const totalBlank = preBlank + postBlank;
  score.penalty += -30 * totalBlank + 6 * postBlank;
  const effective = indent !== -1 ? indent : postIndent;
  const anyBlanks = totalBlank !== 0;
  score.indent += effective;
  if (effective === -1 || preIndent === -1) return;
  if (effective > preIndent) score.penalty += anyBlanks ? 10 : -4;
  else if (effective === preIndent) return;
  else if (postIndent !== -1 && postIndent > effective) score.penalty += anyBlanks ? 17 : 24;
  else score.penalty += anyBlanks ? 17 : 23;
}

/** The indent heuristic: the end position (at most `g.end`) whose two boundaries score best. */
function bestShift(s: Side, g: Group, groupSize: number, earliestEnd: number): number {
  let shift = Math.max(earliestEnd, g.end - groupSize - 1, g.end - INDENT_HEURISTIC_MAX_SLIDING);
  let best = -1;
  let bestScore: Score = { indent: 0, penalty: 0 };
  for (; shift <= g.end; shift++) {
    const score = { indent: 0, penalty: 0 };
    scoreSplit(s.lines, shift, score);
    scoreSplit(s.lines, shift - groupSize, score);
    const cmp = 60 * Math.sign(score.indent - bestScore.indent) + (score.penalty - bestScore.penalty);
    if (best === -1 || cmp <= 0) {
      bestScore = score;
      best = shift;
    }
  }
  return best;
}
