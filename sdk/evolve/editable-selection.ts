/**
 * Editable parent selection (DGM-H §E.5): the program carries `select_parent.ts`, which its meta
 * agent may rewrite. The engine runs the latest valid program's `selectParent(archive)` in the
 * sandbox over the archive's public summary and takes the id it returns. On any failure (throws,
 * times out, returns an id that is not a candidate) the run's own policy picks instead and that
 * program is marked unable to select.
 */
import type { ArchiveEntry } from "../archive/selection.js";
import type { Engine } from "./engine.js";

export const SELECT_PARENT_FILE = "select_parent.ts";

export const DEFAULT_SELECT_PARENT = `/**
 * Picks the parent of the next child from the archive's public summary: valid nodes with
 * their id, score (0..1, higher is better), children, compiled children and generation.
 * Return one of the ids. The meta agent may rewrite this file; a failure falls back to the
 * run's policy. Math.random is seeded by the host.
 */
export interface ArchiveEntry {
  id: string;
  score: number;
  children: number;
  compiledChildren: number;
  generation: number;
}

export function selectParent(archive: ArchiveEntry[]): string {
  const pick = archive[Math.floor(Math.random() * archive.length)];
  if (!pick) throw new Error("empty archive");
  return pick.id;
}
`;

export interface ProgramSelection {
  parentId: string;
  /** The node whose select_parent.ts chose, or null when the run's policy did. */
  chosenBy: string | null;
  failure?: string;
}

export async function selectWithProgram(
  engine: Engine,
  candidates: readonly ArchiveEntry[],
  seed: number,
  fallback: () => string,
): Promise<ProgramSelection> {
  const selector = engine.store
    .nodes()
    .filter((node) => node.status === "valid" && node.canSelect)
    .sort((a, b) => b.generation - a.generation || b.slot - a.slot)[0];
  if (!selector) return { parentId: fallback(), chosenBy: null };
  const files = await engine.programs.readFiles(selector.id);
  let failure: string;
  if (!files[SELECT_PARENT_FILE]) {
    failure = `${SELECT_PARENT_FILE} is missing`;
  } else {
    const result = await engine.limiter.run(() =>
      engine.sandbox.run({
        files,
        entry: SELECT_PARENT_FILE,
        export: "selectParent",
        input: candidates,
        limits: { timeoutMs: 10_000, memoryMb: 128, maxToolCalls: 1 },
        seed,
      }),
    );
    if (
      result.ok &&
      typeof result.value === "string" &&
      candidates.some((entry) => entry.id === result.value)
    ) {
      return { parentId: result.value, chosenBy: selector.id };
    }
    failure = result.ok
      ? `returned ${JSON.stringify(result.value)?.slice(0, 80)}, not a candidate id`
      : `${result.kind}: ${result.message}`;
  }
  engine.store.markCannotSelect(selector.id);
  return { parentId: fallback(), chosenBy: null, failure };
}
