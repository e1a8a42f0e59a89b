import { relative, resolve } from "node:path";
import { readRunConfig } from "../../evolve/run-config.js";
import { writeReport } from "../../report/index.js";
import type { CliIo } from "../io.js";

export async function report(runDirArg: string, options: { compare?: string[] }, io: CliIo): Promise<void> {
  const runDir = resolve(io.cwd, runDirArg);
  readRunConfig(runDir);
  const compare = (options.compare ?? []).map((dir) => resolve(io.cwd, dir));
  for (const dir of compare) readRunConfig(dir);
  const written = await writeReport(runDir, { compare });
  io.stdout(`${relative(io.cwd, written.html) || written.html}\n`);
  io.stderr(`summary: ${relative(io.cwd, written.markdown)}\n`);
}
