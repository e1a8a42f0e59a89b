/**
 * The one error a run ends with when it cannot go on (a refused key, a replay miss, a disk that
 * filled up): it names the run, where it stopped, whether a resume can continue it, and ends
 * with the exact command to do so. Whose fault it is comes from the cause.
 */
import { HyperagentsError } from "../errors.js";
import type { Engine } from "./engine.js";

export interface RunStoppedInfo {
  runDir: string;
  /** The generation in progress (0: the initial evaluation). */
  generation: number;
  /** The node being made when the run stopped, if any. */
  nodeId: string | null;
  /** Whether `evolve --resume` continues the run (its recorded work is intact). */
  resumable: boolean;
}

export class RunStoppedError extends HyperagentsError {
  readonly runDir: string;
  readonly generation: number;
  readonly nodeId: string | null;
  readonly resumable: boolean;

  constructor(cause: unknown, info: RunStoppedInfo) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const where = info.nodeId ? `while making ${info.nodeId}` : "";
    const at = info.generation === 0 ? "during the initial evaluation" : `in generation ${info.generation}`;
    const next = info.resumable
      ? `nothing recorded is lost; fix the cause, then resume it: npx hyperagents evolve --resume ${quote(info.runDir)}`
      : "it cannot be resumed";
    super(
      HyperagentsError.is(cause) ? cause.kind : "system",
      `${reason}\nthe run stopped ${at}${where ? ` ${where}` : ""}; ${next}`,
      { cause },
    );
    this.runDir = info.runDir;
    this.generation = info.generation;
    this.nodeId = info.nodeId;
    this.resumable = info.resumable;
  }
}

/** A shell word: the path as is when it is plain, else single-quoted. */
function quote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

/** Runs one step of the run; whatever it throws stops the run, as a RunStoppedError saying where. */
export async function stopsHere<T>(
  engine: Engine,
  generation: number,
  nodeId: string,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (RunStoppedError.isInstance(error)) throw error;
    // A node left pending reruns on resume; a rejected initial program never becomes a run.
    const resumable = engine.store.node(nodeId)?.status !== "invalid" || nodeId !== "initial";
    throw new RunStoppedError(error, { runDir: engine.runDir, generation, nodeId, resumable });
  }
}
