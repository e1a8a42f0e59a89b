/**
 * Just enough of Source Map v3 to map bundle positions back to the program's own files:
 * a Base64 VLQ decoder, a lookup by generated position and a stack-trace rewriter.
 */

export interface RawSourceMap {
  version: number;
  sources: string[];
  mappings: string;
}

export interface OriginalPosition {
  source: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** [generatedColumn, sourceIndex, sourceLine, sourceColumn], all 0-based. */
type Segment = [number, number, number, number];

export interface SourceMapLookup {
  /** Both 1-based, as V8 prints them. */
  originalPosition(line: number, column: number): OriginalPosition | undefined;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUE = new Map<string, number>([...BASE64].map((char, index) => [char, index]));

/** Decodes one line's comma-separated VLQ groups into numbers; exported for tests. */
export function decodeVlq(group: string): number[] {
  const values: number[] = [];
  let shift = 0;
  let value = 0;
  for (const char of group) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`invalid base64 VLQ character ${JSON.stringify(char)}`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    // The lowest bit is the sign.
    values.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2);
    shift = 0;
    value = 0;
  }
  if (shift !== 0) throw new Error("truncated base64 VLQ group");
  return values;
}

export function parseSourceMap(map: RawSourceMap, normaliseSource: (s: string) => string = (s) => s) {
  const lines: Segment[][] = [];
  // Source index, line and column are deltas across the whole file; the column resets per line.
  let sourceIndex = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of map.mappings.split(";")) {
    const segments: Segment[] = [];
    let generatedColumn = 0;
    if (lineText.length > 0) {
      for (const group of lineText.split(",")) {
        if (group.length === 0) continue;
        const fields = decodeVlq(group);
        generatedColumn += fields[0] ?? 0;
        if (fields.length >= 4) {
          sourceIndex += fields[1] ?? 0;
          sourceLine += fields[2] ?? 0;
          sourceColumn += fields[3] ?? 0;
          segments.push([generatedColumn, sourceIndex, sourceLine, sourceColumn]);
        }
      }
    }
    lines.push(segments);
  }
  const sources = map.sources.map(normaliseSource);
  const lookup: SourceMapLookup = {
    originalPosition(line, column) {
      const segments = lines[line - 1];
      if (segments === undefined || segments.length === 0) return undefined;
      const col = column - 1;
      // Last segment starting at or before the column; segments are sorted by column.
      let lo = 0;
      let hi = segments.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const segment = segments[mid]!;
        if (segment[0] <= col) {
          found = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      const segment = segments[found === -1 ? 0 : found]!;
      const source = sources[segment[1]];
      if (source === undefined) return undefined;
      return { source, line: segment[2] + 1, column: segment[3] + 1 };
    },
  };
  return lookup;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Rewrites `file:line:col` references to the bundle in a V8 stack into the program's own
 * files, and drops frames from `dropFiles` (the sandbox's runtime, which the program did not write).
 */
export function mapStack(
  stack: string,
  bundleFile: string,
  lookup: SourceMapLookup | undefined,
  dropFiles: string[] = [],
): string {
  const pattern = new RegExp(`${escapeRegExp(bundleFile)}:(\\d+):(\\d+)`, "g");
  const lines = stack.split("\n");
  // Frames past isolated-vm's boundary marker are the host's: the program must not see them.
  const boundary = lines.findIndex((line) => line.includes("<isolated-vm boundary>"));
  return (boundary === -1 ? lines : lines.slice(0, boundary))
    .filter((line) => !dropFiles.some((file) => line.includes(file)))
    .map((line) =>
      line.replace(pattern, (whole, l: string, c: string) => {
        const position = lookup?.originalPosition(Number(l), Number(c));
        return position ? `${position.source}:${position.line}:${position.column}` : whole;
      }),
    )
    .join("\n");
}

/** The first program position in a (mapped or not) stack, for verdicts that name a file and line. */
export function firstPosition(
  stack: string,
  bundleFile: string,
  lookup: SourceMapLookup | undefined,
): OriginalPosition | undefined {
  const match = new RegExp(`${escapeRegExp(bundleFile)}:(\\d+):(\\d+)`).exec(stack);
  if (!match) return undefined;
  return lookup?.originalPosition(Number(match[1]), Number(match[2]));
}
