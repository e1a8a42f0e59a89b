/**
 * `npm run bench:research -- NAME [args]`: one research task's full experiment (3 seeds, intervals),
 * from bench/research/<name>.ts. Paper names work too: `rspg` is mfg, `mna` and `degen` are ued.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ALIASES: Readonly<Record<string, string>> = {
  rspg: "mfg",
  spg: "mfg",
  mna: "ued",
  degen: "ued",
  hypervla: "hypernet",
};

const here = join(dirname(fileURLToPath(import.meta.url)), "research");
const available = readdirSync(here)
  .filter((file) => file.endsWith(".ts"))
  .map((file) => file.slice(0, -3))
  .sort();

const [requested, ...args] = process.argv.slice(2);
if (requested === undefined) {
  console.error(`usage: npm run bench:research -- NAME [--quick]; NAME is one of: ${available.join(", ")}`);
  process.exit(2);
}
const name = ALIASES[requested] ?? requested;
const file = join(here, `${name}.ts`);
if (!existsSync(file)) {
  console.error(`no research benchmark "${requested}"; available: ${available.join(", ")}`);
  process.exit(2);
}
const module = (await import(pathToFileURL(file).href)) as { run: (args: string[]) => Promise<void> };
await module.run(args);
