import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openRunStore } from "../store/run-store.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const root = mkdtempSync(join(tmpdir(), "ha-evolve-options-"));

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const io = memoryIo({ cwd: root, env });
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

/** One quick offline run on circle-packing: one generation of one child. */
const quick = (out: string, ...more: string[]) => [
  "evolve",
  "--task",
  "circle-packing",
  "--generations",
  "1",
  "--children",
  "1",
  "--parallel",
  "2",
  "--out",
  out,
  ...more,
];

/** Train instances each node was evaluated on. */
function trainEvaluations(runDir: string): Record<string, number> {
  const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
  try {
    const out: Record<string, number> = {};
    for (const node of store.nodes()) out[node.id] = store.evaluations(node.id, "train").length;
    return out;
  } finally {
    store.close();
  }
}

describe("evolve's options mean what they say", () => {
  it("--stage-size is honoured over the task's own, and run.json records what was used", async () => {
    // A threshold no score is above: every child stops after the first stage.
    const given = await cli(quick("staged", "--stage-size", "2", "--stage-threshold", "1"));
    expect(given.code, given.err).toBe(0);
    expect(trainEvaluations(join(root, "staged")).g1c0).toBe(2);
    expect(JSON.parse(readFileSync(join(root, "staged", "run.json"), "utf8")).stageSize).toBe(2);

    // Not given: the task's own (circle-packing samples 1), recorded as null.
    const own = await cli(quick("task-staged", "--stage-threshold", "1"));
    expect(own.code, own.err).toBe(0);
    expect(trainEvaluations(join(root, "task-staged")).g1c0).toBe(1);
    expect(JSON.parse(readFileSync(join(root, "task-staged", "run.json"), "utf8")).stageSize).toBeNull();
  }, 120_000);

  it("cache flags that cannot work are refused with one line each, writing nothing", async () => {
    const noCache = await cli(quick("x1", "--cache-mode", "replay"));
    expect(noCache.code).toBe(2);
    expect(noCache.err).toMatch(/^hyperagents: --cache-mode replay needs --cache DIR/);

    const offline = await cli(quick("x2", "--cache", "cassette"));
    expect(offline.code).toBe(2);
    expect(offline.err).toMatch(
      /--cache records a provider's responses, and this run's models are all offline/,
    );

    const missing = await cli(
      quick("x3", "--model", "openai:gpt-4o-mini", "--cache", "no-cassette", "--cache-mode", "replay"),
      { OPENAI_API_KEY: "sk-test" },
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(
      /--cache-mode replay needs a recorded cache, and .*no-cassette does not exist/,
    );

    // One line of refusal (after the note on which model the default picked).
    for (const result of [noCache, offline, missing]) {
      const lines = result.err.trim().split("\n");
      expect(lines.filter((line) => !line.startsWith("--model offline:"))).toHaveLength(1);
    }
    for (const dir of ["x1", "x2", "x3"]) expect(existsSync(join(root, dir))).toBe(false);
  });

  it("an offline dgm baseline says what it equals offline (the offline meta agent ignores the statement)", async () => {
    const result = await cli(quick("dgm-offline", "--baseline", "dgm"));
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(
      /note: --baseline dgm with the offline meta model: .*offline dgm equals DGM-H \(--baseline none\)/,
    );
    const frozen = await cli(quick("dgm-frozen-offline", "--baseline", "dgm-no-self-improve"));
    expect(frozen.code, frozen.err).toBe(0);
    expect(frozen.err).toMatch(/offline dgm-no-self-improve equals --baseline no-self-improve/);
  }, 120_000);

  it("--resume of a finished run says so and how to extend it; --help says what --generations means", async () => {
    const run = await cli(quick("finished"));
    expect(run.code, run.err).toBe(0);
    const again = await cli(["evolve", "--resume", "finished"]);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/finished is finished: all 1 generations are done/);
    expect(again.err).toMatch(/--generations 6 \(any number above 1\)/);
    const fewer = await cli(["evolve", "--resume", "finished", "--generations", "1"]);
    expect(fewer.err).toMatch(/is finished/);
    // A refused extension leaves the run's configuration as it was.
    const refused = await cli([
      "evolve",
      "--resume",
      "finished",
      "--generations",
      "3",
      "--cache",
      "cassette",
    ]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/models are all offline/);
    expect(JSON.parse(readFileSync(join(root, "finished", "run.json"), "utf8")).generations).toBe(1);

    const help = await cli(["evolve", "--help"]);
    expect(help.out.replace(/\s+/g, " ")).toMatch(/with --resume, the new total, larger than the run's/);
  }, 120_000);

  it("a program whose task agent scores 0 everywhere (the README's custom meta agent, offline) gets an explanation", async () => {
    const agent = join(process.cwd(), "examples", "custom-meta-agent");
    const result = await cli(quick("zero", "--agent", agent));
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(/warning: every node scored 0/);
    expect(result.err).toMatch(/The offline model cannot drive an LLM agent/);
    expect(result.err).not.toMatch(/no eligible parent/);
  }, 120_000);
});
