/**
 * The runner as the compiled package runs it: run-solution.js beside runtime.js, loaded by plain
 * node (no tsx). The sources are compiled file by file, as tsc does into dist/, into a folder
 * under node_modules/.cache (so package imports resolve as from dist/); the solution's
 * `import "hyperagents/solution"` must then load that runtime.js itself, not a bundle of the sources.
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
let dist: string;
let scratch: string;

/** The repository files an entry imports (relative imports only), as esbuild sees them. */
async function sourcesOf(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(repo, entry)],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    absWorkingDir: repo,
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs);
}

beforeAll(async () => {
  const cache = path.join(repo, "node_modules", ".cache");
  await mkdir(cache, { recursive: true });
  dist = await mkdtemp(path.join(cache, "hyperagents-dist-test-"));
  scratch = path.join(dist, "scratch");
  const files = new Set([
    ...(await sourcesOf("sandbox/solution/run-solution.ts")),
    ...(await sourcesOf("sandbox/solution/runtime.ts")),
  ]);
  for (const file of files) {
    const { code } = await transform(await readFile(path.join(repo, file), "utf8"), {
      loader: "ts",
      format: "esm",
    });
    const out = path.join(dist, file.replace(/\.ts$/, ".js"));
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, code);
  }
  await writeFile(path.join(dist, "package.json"), '{ "type": "module" }\n');
  await mkdir(path.join(scratch, "data"), { recursive: true });
  await writeFile(path.join(scratch, "data", "train.csv"), "x,y\n1,2\n");
  await writeFile(path.join(scratch, "data", "test.csv"), "x\n4\n");
}, 60_000);
afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

describe("the compiled runner", () => {
  it("runs a TypeScript solution against runtime.js from plain node", async () => {
    const solution = `
      import { readSplit, writeSubmission } from "hyperagents/solution";
      const test = await readSplit("test");
      await writeSubmission(test.map((row) => ({ y: Number(row.x) * 2 })));`;
    const script = `
      import { runSolution } from ${JSON.stringify(pathToFileURL(path.join(dist, "sandbox/solution/run-solution.js")).href)};
      const result = await runSolution({
        solution: { source: ${JSON.stringify(solution)}, filename: "solution.ts" },
        workDir: ${JSON.stringify(path.join(scratch, "work"))},
        dataDir: ${JSON.stringify(path.join(scratch, "data"))},
        timeLimitMs: 60000,
      });
      console.log(JSON.stringify(result));`;
    const host = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(host.stderr).toBe("");
    const result = JSON.parse(host.stdout) as {
      exitCode: number;
      stderrTail: string;
      submissionPath: string;
    };
    expect(result.stderrTail).toBe("");
    expect(result.exitCode).toBe(0);
    expect(await readFile(result.submissionPath, "utf8")).toBe("y\n8\n");
    const bundle = await readFile(path.join(scratch, "work", ".solution.mjs"), "utf8");
    expect(bundle).toContain(pathToFileURL(path.join(dist, "sandbox/solution/runtime.js")).href);
  }, 120_000);
});
