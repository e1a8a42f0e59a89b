/**
 * Live status for long work: one rewritten line on a terminal, plain lines otherwise (logs, CI).
 */
import type { EvolveEvent } from "../evolve/events.js";
import { formatDuration } from "../report/format.js";
import type { CliIo } from "./io.js";
import { terminalText } from "./terminal-text.js";

export const formatScore = (score: number | null | undefined) => (score == null ? "–" : score.toFixed(4));

/** One child's line in a log (off a terminal, where the status line is not redrawn). */
function childLine(event: Extract<EvolveEvent, { type: "child-evaluated" | "child-rejected" }>): string {
  return event.type === "child-evaluated"
    ? `  ${event.nodeId} ← ${event.parentId || "–"}: score ${formatScore(event.score)} (${event.stage})`
    : `  ${event.nodeId} ← ${event.parentId}: rejected at ${event.stage}: ${terminalText(event.reason, { oneLine: true })}`;
}

/** Turns evolve events into a progress display. */
export function evolveProgress(io: CliIo): { onEvent: (event: EvolveEvent) => void; done: () => void } {
  const started = Date.now();
  let total = 0;
  let first = 1;
  let generation = 0;
  let archive = 0;
  let valid = 0;
  let best: number | null = null;
  let cost = 0;
  let live = false;

  const status = () => {
    const finished = Math.max(0, generation - first + 1);
    const perGeneration = finished > 0 ? (Date.now() - started) / finished : Number.NaN;
    const eta = finished > 0 ? formatDuration(Math.max(0, perGeneration * (total - generation))) : "?";
    return `gen ${generation}/${total} · archive ${archive} (${valid} valid) · best ${formatScore(best)} · $${cost.toFixed(4)} · ETA ${eta}`;
  };
  const line = (raw: string) => {
    // Reasons and ids may come from a program: no control sequence of theirs reaches the terminal.
    const text = terminalText(raw);
    if (io.isTTY) {
      io.stderr(`\r\x1b[2K${text}\n`);
      if (live) io.stderr(status());
    } else io.stderr(`${text}\n`);
  };
  const refresh = () => {
    if (!io.isTTY) return;
    live = true;
    io.stderr(`\r\x1b[2K${status()}`);
  };

  return {
    onEvent(event) {
      switch (event.type) {
        case "run-start":
          total = event.generations;
          first = event.fromGeneration;
          generation = event.fromGeneration - 1;
          line(
            `${event.resumed ? "resuming" : "starting"} run in ${event.runDir} (generations ${event.fromGeneration}–${event.generations})`,
          );
          break;
        case "generation-start":
          generation = event.generation;
          refresh();
          break;
        case "child-evaluated":
        case "child-rejected":
          archive++;
          if (event.type === "child-evaluated") {
            valid++;
            if (best === null || event.score > best) best = event.score;
          }
          if (!io.isTTY) line(childLine(event));
          refresh();
          break;
        case "generation-end":
          archive = event.archiveSize;
          valid = event.validCount;
          best = event.bestScore;
          cost = event.costUsd;
          if (!io.isTTY) line(status());
          else refresh();
          break;
        case "run-end":
          cost = event.costUsd;
          if (io.isTTY && live) io.stderr("\r\x1b[2K");
          live = false;
          break;
        default:
          break;
      }
    },
    done() {
      if (io.isTTY && live) io.stderr("\n");
      live = false;
    },
  };
}
