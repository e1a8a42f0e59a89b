import { bundledTasks } from "../../../tasks/index.js";
import type { CliIo } from "../io.js";

/**
 * Lists the bundled tasks from the registry alone: no task is loaded, so the list never waits on
 * (or fails with) a task's own dependencies such as Decrypto's TensorFlow.js and embeddings.
 */
export function listTasks(options: { json?: boolean }, io: CliIo): void {
  const rows = bundledTasks.map((entry) => ({
    id: entry.id,
    summary: entry.summary,
    splits: Object.entries(entry.splits)
      .map(([split, count]) => `${split} ${count}`)
      .join(", "),
  }));
  if (options.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const width = Math.max(...rows.map((row) => row.id.length));
  for (const row of rows) {
    io.stdout(`${row.id.padEnd(width)}  ${row.summary}\n${" ".repeat(width)}  splits: ${row.splits}\n`);
  }
}
