import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../sdk/errors.js";
import { runSolution } from "./run-solution.js";
import { csvCell } from "./runtime.js";

let root: string;
let dataDir: string;
let n = 0;
const isUserError = (error: unknown): boolean => UserError.isInstance(error);
const workDir = () => path.join(root, `work-${n++}`);

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "run-solution-"));
  dataDir = path.join(root, "data");
  await mkdir(path.join(dataDir, "validation"), { recursive: true });
  await writeFile(path.join(dataDir, "train.csv"), "x,y\n1,2\n3,6\n");
  await writeFile(path.join(dataDir, "test.jsonl"), '{"x":5}\n{"x":7}\n');
  await writeFile(path.join(dataDir, "test_with_labels.jsonl"), '{"x":5,"y":10}\n{"x":7,"y":14}\n');
  await writeFile(path.join(dataDir, "validation", "data.txt"), "a file inside a split folder\n");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("runSolution", () => {
  it("runs a JavaScript solution that writes submission.csv with plain node APIs", async () => {
    const source = `
      import { readFileSync, writeFileSync } from "node:fs";
      const test = readFileSync("data/test.jsonl", "utf8").trim().split("\\n").map((l) => JSON.parse(l));
      writeFileSync("submission.csv", "y\\n" + test.map((r) => r.x * 2).join("\\n") + "\\n");
      console.log("rows", test.length);`;
    const result = await runSolution({
      solution: { source, filename: "solution.js" },
      workDir: workDir(),
      dataDir,
      timeLimitMs: 30_000,
    });
    expect(result).toMatchObject({ exitCode: 0, signal: null, timedOut: false, stdoutTail: "rows 2\n" });
    expect(result.error).toBeUndefined();
    expect(await readFile(result.submissionPath as string, "utf8")).toBe("y\n10\n14\n");
  });

  it("runs a TypeScript solution file through the runtime, which quotes CSV cells", async () => {
    const dir = path.join(root, "ts-solution");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "helper.ts"), "export const double = (x: number): number => 2 * x;\n");
    await writeFile(
      path.join(dir, "main.ts"),
      `import { hasSplit, readSplit, runSeed, writeSubmission, type Row } from "hyperagents/solution";
      import { double } from "./helper.js";
      const train: Row[] = await readSplit("train");
      const test = await readSplit("test");
      console.log(train.length, hasSplit("validation"), hasSplit("train"), runSeed());
      await writeSubmission(test.map((row) => ({ y: double(Number(row.x)), note: 'say "hi", then go', list: [1, 2] })));`,
    );
    const result = await runSolution({
      solution: { path: path.join(dir, "main.ts") },
      workDir: workDir(),
      dataDir,
      timeLimitMs: 30_000,
      env: { HYPERAGENTS_SEED: "7" },
    });
    expect(result.stderrTail).toBe("");
    expect(result.stdoutTail).toBe("2 false true 7\n");
    expect(await readFile(result.submissionPath as string, "utf8")).toBe(
      'y,note,list\n10,"say ""hi"", then go","[1,2]"\n14,"say ""hi"", then go","[1,2]"\n',
    );
  });

  it("reads a Hugging Face save_to_disk split (Arrow) through the runtime", async () => {
    const arrowData = path.join(root, "arrow-data");
    await mkdir(path.join(arrowData, "train"), { recursive: true });
    const table = tableFromArrays({ x: Float64Array.from([1.5, 2.5]), label: ["a", "b"] });
    await writeFile(path.join(arrowData, "train", "data-00000-of-00001.arrow"), tableToIPC(table, "stream"));
    await writeFile(
      path.join(arrowData, "train", "state.json"),
      JSON.stringify({ _data_files: [{ filename: "data-00000-of-00001.arrow" }] }),
    );
    const source = `
      import { readSplit } from "hyperagents/solution";
      console.log(JSON.stringify(await readSplit("train")));`;
    const result = await runSolution({
      solution: { source, filename: "arrow.ts" },
      workDir: workDir(),
      dataDir: arrowData,
      timeLimitMs: 30_000,
    });
    expect(result.stderrTail).toBe("");
    expect(JSON.parse(result.stdoutTail)).toEqual([
      { x: 1.5, label: "a" },
      { x: 2.5, label: "b" },
    ]);
  });

  it("links only train, validation and test into ./data", async () => {
    const source = `
      import { readdirSync } from "node:fs";
      console.log(JSON.stringify(readdirSync("data").sort()), JSON.stringify(readdirSync("data/validation")));`;
    const result = await runSolution({
      solution: { source, filename: "list.ts" },
      workDir: workDir(),
      dataDir,
      timeLimitMs: 30_000,
    });
    expect(result.stdoutTail).toBe('["test.jsonl","train.csv","validation"] ["data.txt"]\n');
    expect(result.submissionPath).toBeNull();
  });

  it("hands the child only allow-listed variables, never the host's secrets", async () => {
    process.env.OPENAI_API_KEY = "sk-secret-for-the-test";
    try {
      const source = `console.log(JSON.stringify(Object.keys(process.env).sort()), process.env.OPENAI_API_KEY ?? "none", process.env.HOME === process.cwd());`;
      const result = await runSolution({
        solution: { source, filename: "env.js" },
        workDir: workDir(),
        dataDir,
        timeLimitMs: 30_000,
        env: { EXTRA: "1" },
        backend: "cpu",
      });
      const [keys, secret, home] = result.stdoutTail.trim().split(" ");
      expect(secret).toBe("none");
      expect(home).toBe("true");
      expect(JSON.parse(keys as string)).toEqual(
        expect.arrayContaining(["EXTRA", "HOME", "HYPERAGENTS_TF_BACKEND", "TMPDIR"]),
      );
      expect(result.stdoutTail).not.toContain("OPENAI");
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });

  it("reports a solution that does not bundle as a result", async () => {
    const unknown = await runSolution({
      solution: { source: 'import _ from "lodash";\nconsole.log(_);', filename: "bad.ts" },
      workDir: workDir(),
      dataDir,
      timeLimitMs: 30_000,
    });
    expect(unknown).toMatchObject({ exitCode: null, submissionPath: null });
    expect(unknown.error).toMatch(/package "lodash" is not available to solutions/);
    const outside = await runSolution({
      solution: {
        source: `import x from ${JSON.stringify(path.resolve("package.json"))};\nconsole.log(x);`,
        filename: "bad.ts",
      },
      workDir: workDir(),
      dataDir,
      timeLimitMs: 30_000,
    });
    expect(outside.error).toMatch(/outside the solution's folder/);
  });

  it("stops a solution when the caller aborts", async () => {
    const controller = new AbortController();
    const pending = runSolution({
      solution: { source: 'console.log("started"); setInterval(() => {}, 1000);', filename: "wait.js" },
      workDir: workDir(),
      dataDir,
      timeLimitMs: 60_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 1_000);
    const result = await pending;
    expect(result).toMatchObject({ timedOut: false, signal: "SIGTERM", error: "aborted by the caller" });
  });

  it("throws UserError for bad options", async () => {
    const base = { workDir: workDir(), dataDir, timeLimitMs: 1000 };
    await expect(
      runSolution({ ...base, solution: { path: path.join(root, "missing.ts") } }),
    ).rejects.toSatisfy((e) => UserError.isInstance(e) && /does not exist/.test((e as Error).message));
    const inline = { source: "", filename: "s.js" };
    await expect(runSolution({ ...base, solution: inline, timeLimitMs: 0 })).rejects.toSatisfy(isUserError);
    await expect(runSolution({ ...base, solution: inline, heapMb: 1.5 })).rejects.toSatisfy(isUserError);
    await expect(
      runSolution({ ...base, solution: inline, env: { NODE_OPTIONS: "--allow-fs-read=/" } }),
    ).rejects.toSatisfy(isUserError);
    await expect(
      runSolution({ ...base, solution: inline, dataDir: path.join(root, "nope") }),
    ).rejects.toSatisfy(isUserError);
    expect(existsSync(path.join(root, "nope"))).toBe(false);
  });
});

describe("csvCell", () => {
  it("quotes commas, quotes and line breaks; writes arrays and objects as JSON; blanks null", () => {
    expect(
      [1.5, "plain", "a,b", 'q"x', "l\nm", null, undefined, [0, "a"], { k: 1 }, true].map(csvCell),
    ).toEqual(["1.5", "plain", '"a,b"', '"q""x"', '"l\nm"', "", "", '"[0,""a""]"', '"{""k"":1}"', "true"]);
  });
});
