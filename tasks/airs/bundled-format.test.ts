/**
 * The bundled folder format with a tiny fixture task (tasks/airs/fixtures/tiny-regression, its own
 * generate.ts and evaluate.ts): data generated into the cache once and atomically, the prompt, and
 * the gold self-test.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../sdk/errors.js";
import { generate } from "./fixtures/tiny-regression/generate.js";
import { goldSelfTest } from "./gold.js";
import { airsSuite } from "./index.js";
import { bundledAirsTaskNames, loadAirsTaskDir, loadBundledAirsTask } from "./load-task.js";
import { airsCacheRoot, generatorHash, materializeBundledTask } from "./materialize.js";
import { scoreSubmission } from "./score.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/tiny-regression", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "airs-bundled-"));
const previousCache = process.env.HYPERAGENTS_CACHE_DIR;

beforeAll(() => {
  process.env.HYPERAGENTS_CACHE_DIR = join(root, "cache");
});
afterAll(() => {
  if (previousCache === undefined) delete process.env.HYPERAGENTS_CACHE_DIR;
  else process.env.HYPERAGENTS_CACHE_DIR = previousCache;
  rmSync(root, { recursive: true, force: true });
});

const readJsonl = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("a bundled task folder", () => {
  it("generates its splits as JSONL into $HYPERAGENTS_CACHE_DIR/airs/<name>-<seed>-<hash>", async () => {
    const task = await loadAirsTaskDir(FIXTURE);
    expect(task.id).toBe("tiny-regression");
    expect(task.dataDir).toBe(join(root, "cache", "airs", `tiny-regression-7-${generatorHash(FIXTURE)}`));
    expect(readdirSync(task.dataDir).sort()).toEqual(["test.jsonl", "test_with_labels.jsonl", "train.jsonl"]);
    const splits = generate(7);
    expect(readJsonl(join(task.dataDir, "train.jsonl"))).toEqual(splits.train);
    expect(readJsonl(join(task.dataDir, "test.jsonl"))).toEqual(splits.test);
    expect(readJsonl(join(task.dataDir, "test_with_labels.jsonl"))).toEqual(splits.testWithLabels);
    expect(task.metadata).toMatchObject({
      evaluator: "mae",
      scoringColumn: "y",
      shape: [20, 1],
      dataSeed: 7,
    });
  });

  it("materialises atomically: concurrent calls agree on one whole folder and leave no temp folders", async () => {
    const task = await loadAirsTaskDir(FIXTURE);
    const cacheRoot = join(root, "concurrent");
    const dirs = await Promise.all(
      [0, 1, 2, 3].map(() => materializeBundledTask(FIXTURE, task.metadata, { cacheRoot, seed: 11 })),
    );
    expect(new Set(dirs).size).toBe(1);
    expect(readdirSync(cacheRoot)).toEqual([`tiny-regression-11-${generatorHash(FIXTURE)}`]);
    expect(readJsonl(join(dirs[0]!, "test_with_labels.jsonl"))).toEqual(generate(11).testWithLabels);
    expect(airsCacheRoot({ HYPERAGENTS_CACHE_DIR: "/x" })).toBe("/x/airs");
    expect(airsCacheRoot({ XDG_CACHE_HOME: "/c" })).toBe("/c/hyperagents/airs");
  });

  it("builds the prompt: description, data layout, the solution API, the submission header and the evaluator's source", async () => {
    const task = await loadAirsTaskDir(FIXTURE);
    const description = readFileSync(join(FIXTURE, "description.md"), "utf8").trim();
    const evaluator = readFileSync(join(FIXTURE, "evaluate.ts"), "utf8").trim();
    expect(task.prompt.startsWith(description)).toBe(true);
    expect(task.prompt).toContain(evaluator);
    expect(task.prompt).toContain("`./data/train.jsonl`");
    expect(task.prompt).not.toContain("test_with_labels");
    expect(task.prompt).toContain('from "hyperagents/solution"');
    expect(task.prompt).toContain("header `y` and 20 rows");
  });

  it("gold scores the optimum; the permuted golds score worse", async () => {
    const result = await goldSelfTest(await loadAirsTaskDir(FIXTURE));
    expect(result.gold).toMatchObject({
      task: "tiny-regression",
      valid: true,
      score: 0,
      metric: "MeanAbsoluteError",
    });
    expect(result.adjacentSwap.score).toBeGreaterThan(0);
    expect(result.shuffled.score).toBeGreaterThan(result.adjacentSwap.score ?? 0);
  });

  it("scores through the task's evaluate.ts; a wrong header or row count is invalid", async () => {
    const task = await loadAirsTaskDir(FIXTURE);
    const labels = generate(7).testWithLabels;
    const good = join(root, "good.csv");
    writeFileSync(good, `y\n${labels.map((row) => Number(row.y) + 0.5).join("\n")}\n`);
    const scored = await scoreSubmission(task, good);
    expect(scored.valid).toBe(true);
    expect(scored.score).toBeCloseTo(0.5, 12);
    const renamed = join(root, "renamed.csv");
    writeFileSync(renamed, `prediction\n${labels.map((row) => row.y).join("\n")}\n`);
    expect((await scoreSubmission(task, renamed)).reason).toBe(
      "the header lacks y: expected y, got prediction",
    );
    const short = join(root, "short.csv");
    writeFileSync(short, "y\n1\n2\n");
    expect((await scoreSubmission(task, short)).reason).toBe("submission has 2 rows; the test split has 20");
  });

  it("a bad metadata.json or a missing file is the user's error, naming the file and the field", async () => {
    const dir = join(root, "bad-task");
    mkdirSync(dir, { recursive: true });
    const metadata = JSON.parse(readFileSync(join(FIXTURE, "metadata.json"), "utf8")) as Record<
      string,
      unknown
    >;
    writeFileSync(join(dir, "metadata.json"), JSON.stringify({ ...metadata, shape: [20] }));
    const error = await loadAirsTaskDir(dir).catch((caught: unknown) => caught);
    expect(UserError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/metadata\.json: "shape" must be \[test rows, submission columns\]/);
    writeFileSync(
      join(dir, "metadata.json"),
      JSON.stringify({ ...metadata, submissionColumns: ["id", "y"] }),
    );
    await expect(loadAirsTaskDir(dir)).rejects.toThrow(
      /"submissionColumns" has 2 names but "shape" says 1 columns/,
    );
    writeFileSync(join(dir, "metadata.json"), JSON.stringify(metadata));
    await expect(loadAirsTaskDir(dir)).rejects.toThrow(/description\.md is missing/);
    writeFileSync(join(dir, "description.md"), "d");
    await expect(loadAirsTaskDir(dir)).rejects.toThrow(/has no evaluate\.ts/);
    await expect(loadBundledAirsTask("no-such-task")).rejects.toThrow(/no bundled AIRS task "no-such-task"/);
  });

  it("lists the bundled suite from its metadata files", () => {
    const listed = airsSuite();
    expect(listed.map((entry) => entry.name)).toEqual(bundledAirsTaskNames());
    for (const entry of listed) {
      expect(entry.id).toBe(`airs/${entry.name}`);
      expect(existsSync(join(FIXTURE, "..", "..", "suite", entry.name, "generate.ts"))).toBe(true);
    }
  });
});
