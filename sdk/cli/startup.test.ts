/**
 * The command line starts without its heavy dependencies: `--help`, `--version` and `tasks`
 * load none of isolated-vm, TensorFlow.js, the provider SDK clients, better-sqlite3, the
 * TypeScript compiler or esbuild, and `doctor` prints its first line before loading any of them.
 * Checked by what a fresh process loaded (an ESM resolve hook, the CommonJS cache and every
 * native addon opened), never by timing; bench/cli-startup.ts measures the time. The bin starts
 * Node without its snapshot (isolated-vm needs that, and it costs CPU) only for the commands that
 * may load isolated-vm: it re-runs itself in a child with the flag.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "ha-startup-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Logs every module the main thread resolves through ESM. */
const HOOKS = `import { appendFileSync } from "node:fs";
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, "esm " + result.url + "\\n");
  return result;
}
`;

/**
 * Runs main(argv) with an in-memory io; "first-line" marks the first stdout line, with the
 * CommonJS modules loaded by then listed before it. Mode "none" imports nothing (the baseline
 * of what node and tsx load on their own).
 */
const PROBE = `import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
const [log, hooks, mainUrl, memoryUrl, argv] = process.argv.slice(2);
const cache = createRequire(import.meta.url).cache;
const dumpCache = () => { for (const file of Object.keys(cache)) appendFileSync(log, "cjs " + file + "\\n"); };
register(hooks, { data: { log } });
const dlopen = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  appendFileSync(log, "addon " + filename + "\\n");
  return dlopen.call(this, module, filename, ...rest);
};
if (argv !== "none") {
  const { main } = await import(mainUrl);
  const { memoryIo } = await import(memoryUrl);
  const io = memoryIo({ env: {} });
  const write = io.stdout;
  let first = true;
  io.stdout = (text) => {
    if (first) { dumpCache(); appendFileSync(log, "first-line\\n"); first = false; }
    write(text);
  };
  appendFileSync(log, "exit " + (await main(JSON.parse(argv), io)) + "\\n");
}
dumpCache();
`;
writeFileSync(join(scratch, "hooks.mjs"), HOOKS);
writeFileSync(join(scratch, "probe.mjs"), PROBE);

/** What a fresh process (the CLI's sources through tsx, as bin/hyperagents.js runs them) loaded. */
function loaded(argv: string[] | "none"): { lines: string[]; exit: string | undefined } {
  const log = join(scratch, `${argv === "none" ? "none" : argv.join("-")}.log`);
  writeFileSync(log, "");
  const result = spawnSync(
    process.execPath,
    [
      "--no-node-snapshot",
      "--import",
      "tsx",
      join(scratch, "probe.mjs"),
      log,
      pathToFileURL(join(scratch, "hooks.mjs")).href,
      pathToFileURL(join(repo, "sdk/cli/main.ts")).href,
      pathToFileURL(join(repo, "sdk/cli/memory-io.ts")).href,
      argv === "none" ? "none" : JSON.stringify(argv),
    ],
    { cwd: repo, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
  );
  if (result.status !== 0) throw new Error(`probe exited ${result.status}: ${result.stderr}`);
  const lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
  return { lines, exit: lines.find((line) => line.startsWith("exit "))?.slice(5) };
}

/** Packages and repository folders that only the commands doing real work may load. */
const HEAVY = [
  /\/node_modules\/(isolated-vm|@tensorflow\/[^/]+|openai|@anthropic-ai\/sdk|better-sqlite3|typescript|esbuild|simple-git|@langchain\/[^/]+)\//,
  /\/(sandbox|sdk\/(llm|numeric|report|store|evolve|program|archive)|evals)\//,
  /\/tasks\/(decrypto|circle-packing)\/(?!splits\.ts)/,
];

const baseline = new Set<string>();
const heavyIn = (lines: readonly string[]) =>
  [...new Set(lines.map((line) => line.replace(/^\w+ /, "")))].filter(
    (module) => !baseline.has(module) && HEAVY.some((pattern) => pattern.test(module)),
  );

describe("command line startup", () => {
  // What node and tsx load on their own (tsx loads esbuild to compile the sources).
  beforeAll(() => {
    for (const line of loaded("none").lines) baseline.add(line.replace(/^\w+ /, ""));
  }, 120_000);

  it("the probe sees heavy modules when they are loaded", () => {
    // Control: a command that does load them is seen doing it (so an empty list below means
    // something). `doctor` opens an isolate and SQLite.
    const doctor = loaded(["doctor"]);
    expect(doctor.exit).toBe("0");
    const heavy = heavyIn(doctor.lines);
    expect(heavy.some((module) => module.includes("/node_modules/isolated-vm/"))).toBe(true);
    expect(heavy.some((module) => module.includes("/node_modules/better-sqlite3/"))).toBe(true);
    expect(doctor.lines.some((line) => /^addon .*isolated_vm\.node$/.test(line))).toBe(true);
  }, 120_000);

  it.each([[["--help"]], [["--version"]], [["tasks"]], [["tasks", "--json"]], [["eval", "--help"]]])(
    "%j loads no heavy module",
    (argv) => {
      const run = loaded(argv);
      expect(run.exit).toBe("0");
      expect(heavyIn(run.lines)).toEqual([]);
      expect(run.lines.filter((line) => line.startsWith("addon "))).toEqual([]);
    },
    120_000,
  );

  it("doctor prints its first line before loading any heavy module", () => {
    const run = loaded(["doctor"]);
    expect(run.exit).toBe("0");
    const first = run.lines.indexOf("first-line");
    expect(first).toBeGreaterThan(0);
    expect(heavyIn(run.lines.slice(0, first))).toEqual([]);
    expect(run.lines.slice(0, first).filter((line) => line.startsWith("addon "))).toEqual([]);
  }, 120_000);
});

/** Every Node process bin/hyperagents.js ran (a preload logs each one's flags), and its exit code. */
function binProcesses(argv: string[]): { flags: string[][]; status: number | null } {
  const log = join(scratch, `bin-${argv.join("-")}.log`);
  writeFileSync(log, "");
  const preload = join(scratch, "log-process.mjs");
  writeFileSync(
    preload,
    `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(log)}, JSON.stringify(process.execArgv) + "\\n");\n`,
  );
  const result = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(preload).href, join(repo, "bin/hyperagents.js"), ...argv],
    {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "" },
    },
  );
  const flags = readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string[]);
  return { flags, status: result.status };
}

describe("bin/hyperagents.js", () => {
  it.each([[["--help"]], [["tasks"]]])(
    "%j runs in the process it was started in, without --no-node-snapshot",
    (argv) => {
      const run = binProcesses(argv);
      expect(run.status).toBe(0);
      expect(run.flags).toHaveLength(1);
      expect(run.flags[0]).not.toContain("--no-node-snapshot");
    },
    120_000,
  );

  it("runs any other command in one child Node with --no-node-snapshot, passing its exit code on", () => {
    // `export` without its arguments fails in commander (exit 2) right after the start.
    const run = binProcesses(["export"]);
    expect(run.status).toBe(2);
    expect(run.flags).toHaveLength(2);
    expect(run.flags[0]).not.toContain("--no-node-snapshot");
    expect(run.flags[1]).toContain("--no-node-snapshot");
  }, 120_000);
});
