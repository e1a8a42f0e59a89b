/**
 * `hyperagents doctor`: one line per check. Exit 0 only if everything the default offline run
 * needs works (Node, isolated-vm, better-sqlite3, esbuild, git); keys, Chromium and the numeric
 * backend are informational.
 */
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import type { ChatModel } from "../llm/types.js";

export interface Check {
  name: string;
  ok: boolean;
  /** Whether the default offline run needs this check to pass. */
  required: boolean;
  detail: string;
}

const require = createRequire(import.meta.url);

async function attempt(name: string, required: boolean, fn: () => Promise<string> | string): Promise<Check> {
  try {
    return { name, ok: true, required, detail: await fn() };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { name, ok: false, required, detail: message ?? "failed" };
  }
}

export const PROVIDER_KEYS = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY"] as const;
const PROVIDER_URLS = ["OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"] as const;

/** Where the browser tests look for Chromium (sdk/report/browser-timing.ts): Debian's package. */
export const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_FIX = "install it with `apt-get install chromium`";

export interface CheckOptions {
  /** The Chromium binary to look for; tests point it elsewhere. */
  chromiumPath?: string;
  /** Called with each check as it ends, in order, so a terminal shows the first line at once. */
  onCheck?: (check: Check) => void;
}

/** Whether Chromium is there and answers `--version`: only the browser tests need it. */
async function checkChromium(path: string): Promise<Check> {
  const check = (ok: boolean, detail: string): Check => ({ name: "chromium", ok, required: false, detail });
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return check(false, `not found at ${path}: only the browser tests need it; ${CHROMIUM_FIX}`);
  }
  const version = await new Promise<string | Error>((resolve) => {
    // Generous: a first start of Chromium on a loaded machine can take seconds.
    execFile(path, ["--version"], { timeout: 30_000 }, (error, stdout) =>
      resolve(error ?? String(stdout).trim().split("\n")[0] ?? ""),
    );
  });
  if (version instanceof Error) {
    const reason = version.message.split("\n")[0] ?? "it failed";
    return check(false, `${path} does not run (${reason}): only the browser tests need it; ${CHROMIUM_FIX}`);
  }
  return check(true, `${version || "found"} (${path})`);
}

export async function runChecks(
  env: Record<string, string | undefined>,
  options: CheckOptions = {},
): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (check: Check) => {
    checks.push(check);
    options.onCheck?.(check);
  };
  add(
    await attempt("node", true, () => {
      const major = Number(process.versions.node.split(".")[0]);
      if (major < 20) throw new Error(`Node ${process.versions.node} is too old: install Node 20 or newer`);
      return `v${process.versions.node}`;
    }),
  );
  add(
    await attempt("isolated-vm", true, async () => {
      // In a child Node with --no-node-snapshot when this one lacks it (the bin runs doctor so,
      // to print its first line without a second Node start).
      const { probeIsolatedVm } = await import("../../sandbox/isolate-probe.js");
      return `${await probeIsolatedVm()} loads and runs an isolate`;
    }),
  );
  add(
    await attempt("better-sqlite3", true, () => {
      const Database = require("better-sqlite3") as typeof import("better-sqlite3");
      const db = new Database(":memory:");
      const row = db.prepare("select sqlite_version() as v").get() as { v: string };
      db.close();
      return `${require("better-sqlite3/package.json").version} (SQLite ${row.v})`;
    }),
  );
  add(
    await attempt("esbuild", true, async () => {
      const esbuild = await import("esbuild");
      await esbuild.transform("const x: number = 1", { loader: "ts" });
      return esbuild.version;
    }),
  );
  add(
    await attempt("git", true, async () => {
      const { simpleGit } = await import("simple-git");
      const version = await simpleGit().version();
      if (!version.installed) throw new Error("git is not on PATH: install git");
      return `${version.major}.${version.minor}.${version.patch}`;
    }),
  );
  for (const key of PROVIDER_KEYS) {
    // Never print a key's value, not even a prefix.
    add({ name: key, ok: true, required: false, detail: env[key] ? "set" : "not set" });
  }
  for (const key of PROVIDER_URLS) {
    if (env[key]) add({ name: key, ok: true, required: false, detail: "set" });
  }
  add(await checkChromium(options.chromiumPath ?? CHROMIUM_PATH));
  add(
    await attempt("tensorflow.js", false, async () => {
      const numeric = await import("../numeric/index.js");
      return await numeric.describeBackend();
    }),
  );
  return checks;
}

export interface ProbeResult {
  model: string;
  latencyMs: number;
  costUsd: number;
  text: string;
}

/** One tiny call to the model, to check a key and an endpoint for real. */
export async function probeModel(model: ChatModel): Promise<ProbeResult> {
  const started = performance.now();
  const response = await model.generate({
    messages: [{ role: "user", content: "Reply with the single word: ok" }],
    maxTokens: 8,
    temperature: 0,
  });
  return {
    model: response.model,
    latencyMs: performance.now() - started,
    costUsd: response.costUsd,
    text: response.text.trim(),
  };
}

export function formatCheck(check: Check): string {
  const mark = check.ok ? "ok  " : check.required ? "FAIL" : "warn";
  return `${mark} ${check.name.padEnd(18)} ${check.detail}`;
}
