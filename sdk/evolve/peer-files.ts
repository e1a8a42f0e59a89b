/**
 * Peers' programs go into every later meta agent's `ctx.data`, so one child full of junk must not
 * poison the run: only source files are passed, each and all of them capped, and whatever was cut
 * is marked so a meta agent never mistakes a clipped file for the whole one.
 */

/** Extensions of the files a meta agent can learn from; anything else is left out. */
const SOURCE_EXTENSIONS = [
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".js",
  ".jsx",
  ".mjs",
  ".cjs",
  ".json",
  ".md",
  ".txt",
];

export const PEER_LIMITS = {
  /** Characters kept of one file. */
  perFile: 32_000,
  /** Characters kept of one peer's program. */
  total: 128_000,
  /** Files kept of one peer's program. */
  files: 64,
} as const;

export function truncationMark(kept: number, length: number): string {
  return `\n/* [hyperagents: file truncated to ${kept} of ${length} characters] */\n`;
}

/**
 * The capped source files of one peer. Paths the parent's program also has come first (they are
 * what a meta agent recombines), then the rest in path order; files past the caps are left out.
 */
export function capPeerFiles(
  files: Readonly<Record<string, string>>,
  parentPaths: ReadonlySet<string> = new Set(),
): Record<string, string> {
  const out: Record<string, string> = {};
  let total = 0;
  let count = 0;
  const paths = Object.keys(files).sort();
  const ordered = [...paths.filter((p) => parentPaths.has(p)), ...paths.filter((p) => !parentPaths.has(p))];
  for (const path of ordered) {
    const content = files[path] ?? "";
    if (!SOURCE_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext))) continue;
    if (count >= PEER_LIMITS.files || total >= PEER_LIMITS.total) break;
    const room = Math.min(PEER_LIMITS.perFile, PEER_LIMITS.total - total);
    const kept =
      content.length <= room ? content : content.slice(0, room) + truncationMark(room, content.length);
    out[path] = kept;
    total += Math.min(content.length, room);
    count++;
  }
  return out;
}
