/**
 * A bundled task's data on disk: its generator's splits written as JSONL into a cache folder keyed
 * by task, seed and the generator's source, so a changed generator never reads stale data. The
 * folder appears whole or not at all (written aside, then renamed), so concurrent test workers and
 * runs may materialise the same task at once.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { SystemError, UserError } from "../../sdk/errors.js";
import { userCacheDir } from "../../sdk/internal/cache-dir.js";
import type { AirsGenerator, AirsMetadata, AirsSplits, Row } from "./format.js";

/** Where generated task data is cached: `airs/` in the user's cache folder (HYPERAGENTS_CACHE_DIR). */
export function airsCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheDir(env), "airs");
}

/** The generator's module: generate.js beside compiled code, else generate.ts (sources, tests). */
function generatorFile(taskDir: string): string {
  const compiled = join(taskDir, "generate.js");
  if (existsSync(compiled)) return compiled;
  const source = join(taskDir, "generate.ts");
  if (existsSync(source)) return source;
  throw new UserError(`${taskDir} has no generate.ts: a bundled task generates its data from a seed`);
}

/**
 * A hash of the folder's generator sources: generate.ts and the helpers beside it, its kit and its
 * JSON files (not the tests, solutions or evaluator, which do not change the data).
 */
export function generatorHash(taskDir: string): string {
  // A research task's generator may import its kit (./kit/...): kit files are part of the hash.
  const kit = join(taskDir, "kit");
  const kitFiles = existsSync(kit)
    ? readdirSync(kit)
        .sort()
        .map((name) => `kit/${name}`)
    : [];
  const all = [...readdirSync(taskDir).sort(), ...kitFiles];
  const sources = all.filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"));
  // Shipped data (a research task's frozen weights, say) changes the data as code does.
  const dataFiles = all.filter((name) => name.endsWith(".json") && name !== "metadata.json");
  const chosen = [
    ...(sources.length > 0 ? sources : all.filter((name) => name.endsWith(".js"))),
    ...dataFiles,
  ].filter((name) => !/\.test\.[jt]s$|^(naive|reference|evaluate)\.[jt]s$/.test(name));
  const hash = createHash("sha256");
  for (const name of chosen)
    hash
      .update(name)
      .update("\0")
      .update(readFileSync(join(taskDir, name)))
      .update("\0");
  return hash.digest("hex").slice(0, 12);
}

async function loadGenerator(taskDir: string): Promise<AirsGenerator> {
  const file = generatorFile(taskDir);
  const module = (await import(pathToFileURL(file).href)) as { generate?: unknown };
  if (typeof module.generate !== "function") {
    throw new UserError(`${file} must export \`generate\` (an AirsGenerator: seed -> splits)`);
  }
  return module.generate as AirsGenerator;
}

const toJsonl = (rows: readonly Row[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join("");

function checkSplits(taskDir: string, splits: AirsSplits): void {
  for (const name of ["train", "test", "testWithLabels"] as const) {
    if (!Array.isArray(splits[name]))
      throw new UserError(`${taskDir}/generate.ts: generate() returned no "${name}" rows`);
  }
  if (splits.test.length !== splits.testWithLabels.length) {
    throw new UserError(
      `${taskDir}/generate.ts: test has ${splits.test.length} rows but testWithLabels ${splits.testWithLabels.length}; they must align`,
    );
  }
}

/**
 * Generates (once) and returns the folder holding `<split>.jsonl` for train, validation (when the
 * task has one), test and test_with_labels, from `generate(seed)`.
 */
export async function materializeBundledTask(
  taskDir: string,
  metadata: AirsMetadata,
  options: { seed?: number; cacheRoot?: string } = {},
): Promise<string> {
  const seed = options.seed ?? metadata.dataSeed ?? 0;
  const root = options.cacheRoot ?? airsCacheRoot();
  const target = join(root, `${basename(taskDir)}-${seed}-${generatorHash(taskDir)}`);
  if (existsSync(target)) return target;
  const splits = (await loadGenerator(taskDir))(seed);
  checkSplits(taskDir, splits);
  await mkdir(root, { recursive: true });
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await mkdir(temp);
    const files: [string, Row[] | undefined][] = [
      ["train", splits.train],
      ["validation", splits.validation],
      ["test", splits.test],
      ["test_with_labels", splits.testWithLabels],
    ];
    for (const [name, rows] of files) {
      if (rows !== undefined) await writeFile(join(temp, `${name}.jsonl`), toJsonl(rows));
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    // Another worker renamed its copy first: theirs is whole, use it.
    if (existsSync(target)) return target;
    throw new SystemError(
      `could not write the generated data of ${taskDir} to ${target}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return target;
}
