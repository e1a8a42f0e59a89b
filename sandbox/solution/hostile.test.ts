/**
 * Solutions that try to leave their box: each attempt is refused by the permission model or
 * ended by the runner's limits, and every one comes back as a result, never a throw.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSolution } from "./run-solution.js";

let root: string;
let dataDir: string;
let n = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "hostile-"));
  dataDir = path.join(root, "data");
  await mkdir(dataDir);
  await writeFile(path.join(dataDir, "train.csv"), "x,y\n1,2\n");
  await writeFile(path.join(dataDir, "test.csv"), "x\n5\n");
  await writeFile(path.join(dataDir, "test_with_labels.csv"), "x,y\n5,SECRET_LABEL\n");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs `body` (plain ES module code) as a solution; `attempt(name, fn)` prints name and outcome. */
async function hostile(
  body: string,
  limits: { timeLimitMs?: number; heapMb?: number; memoryMb?: number } = {},
) {
  const source = `
    const attempt = async (name, fn) => {
      try { const value = await fn(); console.log(name, "ALLOWED", String(value).slice(0, 40)); }
      catch (error) { console.log(name, error.code ?? error.message); }
    };
    ${body}`;
  return runSolution({
    solution: { source, filename: "hostile.js" },
    workDir: path.join(root, `work-${n++}`),
    dataDir,
    timeLimitMs: limits.timeLimitMs ?? 30_000,
    ...(limits.heapMb === undefined ? {} : { heapMb: limits.heapMb }),
    ...(limits.memoryMb === undefined ? {} : { memoryMb: limits.memoryMb }),
  });
}

describe("a hostile solution", () => {
  it("cannot read outside its work folder: /etc/passwd, the data folder, test_with_labels", async () => {
    const result = await hostile(`
      import { readFileSync, readdirSync } from "node:fs";
      await attempt("passwd", () => readFileSync("/etc/passwd", "utf8"));
      await attempt("original", () => readFileSync(${JSON.stringify(path.join(dataDir, "test_with_labels.csv"))}, "utf8"));
      await attempt("relative", () => readFileSync("../data/test_with_labels.csv", "utf8"));
      await attempt("listing", () => readdirSync(".."));
      await attempt("linked", () => readFileSync("data/test_with_labels.csv", "utf8"));
      await attempt("sources", () => readFileSync(${JSON.stringify(path.resolve("package.json"))}, "utf8"));
      await attempt("proc", () => readFileSync("/proc/self/environ", "utf8"));`);
    expect(result.exitCode).toBe(0);
    expect(result.stdoutTail.trim().split("\n")).toEqual([
      "passwd ERR_ACCESS_DENIED",
      "original ERR_ACCESS_DENIED",
      "relative ERR_ACCESS_DENIED",
      "listing ERR_ACCESS_DENIED",
      "linked ENOENT",
      "sources ERR_ACCESS_DENIED",
      "proc ERR_ACCESS_DENIED",
    ]);
    expect(result.stdoutTail).not.toContain("SECRET_LABEL");
  });

  it("cannot write outside its work folder, nor make links out of it", async () => {
    const outside = path.join(root, "escaped.txt");
    const result = await hostile(`
      import { writeFileSync, symlinkSync, linkSync, mkdirSync } from "node:fs";
      await attempt("write", () => writeFileSync(${JSON.stringify(outside)}, "x"));
      await attempt("tmp", () => writeFileSync("/tmp/hyperagents-escaped.txt", "x"));
      await attempt("symlink", () => symlinkSync("/etc/passwd", "passwd"));
      await attempt("hardlink", () => linkSync("/etc/passwd", "passwd"));
      await attempt("inside", () => { mkdirSync("models"); writeFileSync("models/m.json", "{}"); return "ok"; });`);
    expect(result.stdoutTail.trim().split("\n")).toEqual([
      "write ERR_ACCESS_DENIED",
      "tmp ERR_ACCESS_DENIED",
      "symlink ERR_ACCESS_DENIED",
      "hardlink ERR_ACCESS_DENIED",
      "inside ALLOWED ok",
    ]);
    expect(existsSync(outside)).toBe(false);
    expect(await readFile(path.join(result.workDir, "models", "m.json"), "utf8")).toBe("{}");
  });

  it("cannot start processes, workers, addons, WASI or the inspector", async () => {
    const result = await hostile(`
      import { execSync, spawn, fork } from "node:child_process";
      import { Worker } from "node:worker_threads";
      await attempt("exec", () => execSync("echo pwned").toString());
      await attempt("spawn", () => spawn("sh", ["-c", "echo pwned"]).pid);
      await attempt("fork", () => fork("x.js").pid);
      await attempt("worker", () => new Worker("1", { eval: true }).threadId);
      await attempt("addon", () => process.dlopen({ exports: {} }, "x.node"));
      await attempt("wasi", async () => new (await import("node:wasi")).WASI({ version: "preview1" }));
      await attempt("inspector", async () => (await import("node:inspector")).open(0));
      await attempt("binding", () => process.binding("fs"));`);
    expect(result.stdoutTail.trim().split("\n")).toEqual([
      "exec ERR_ACCESS_DENIED",
      "spawn ERR_ACCESS_DENIED",
      "fork ERR_ACCESS_DENIED",
      "worker ERR_ACCESS_DENIED",
      "addon ERR_DLOPEN_DISABLED",
      "wasi ERR_ACCESS_DENIED",
      "inspector ERR_ACCESS_DENIED",
      "binding ERR_ACCESS_DENIED",
    ]);
  });

  it("is killed at the time limit, even when it ignores SIGTERM", async () => {
    const result = await hostile(
      `process.on("SIGTERM", () => console.log("ignoring SIGTERM")); console.log("looping"); for (;;) {}`,
      {
        timeLimitMs: 1_500,
      },
    );
    expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: "SIGKILL", submissionPath: null });
    expect(result.error).toBe("killed at the time limit (1500 ms)");
    expect(result.stdoutTail).toContain("looping");
  });

  it("dies when it allocates past its heap limit, and the runner says so", async () => {
    const result = await hostile(
      `const keep = []; for (;;) keep.push({ a: [1, 2, 3], b: "x".repeat(64) + keep.length });`,
      {
        heapMb: 64,
      },
    );
    expect(result.timedOut).toBe(false);
    expect(result.exitCode === 0).toBe(false);
    expect(result.stderrTail).toMatch(/heap out of memory|Reached heap limit/);
    expect(result.error).toBe("ran out of memory (heap limit 64 MB)");
  });

  it("cannot allocate past its memory cap with Buffers or WebAssembly memory, which the heap limit misses", async () => {
    const result = await hostile(
      `
      await attempt("wasm", () => new WebAssembly.Memory({ initial: 1, maximum: 65536 }).grow(16384));
      const keep = [];
      for (let i = 0; i < 16; i++) keep.push(Buffer.alloc(64 * 1024 * 1024, 1));
      console.log("allocated", keep.length * 64, "MB");`,
      { heapMb: 64, memoryMb: 512 },
    );
    expect(result.stdoutTail).toContain("wasm WebAssembly.Memory.grow(): Unable to grow instance memory");
    expect(result.stdoutTail).not.toContain("allocated");
    expect(result.exitCode).toBe(1);
    expect(result.error).toBe("ran out of memory (memory limit 512 MB)");
  });

  it("keeps only the tail of a huge output", async () => {
    const result = await hostile(`
      const line = "y".repeat(1023) + "\\n";
      for (let i = 0; i < 20_000; i++) process.stdout.write(line);
      process.stdout.write("THE END\\n");`);
    expect(result.exitCode).toBe(0);
    expect(result.stdoutTail.length).toBeLessThan(9 * 1024);
    expect(result.stdoutTail).toMatch(/^\[\d+ earlier bytes dropped\]\n/);
    expect(result.stdoutTail.endsWith("THE END\n")).toBe(true);
  });

  it("cannot change the task's data by writing its own ./data copy", async () => {
    const own = path.join(root, "own-data");
    await mkdir(own);
    await writeFile(path.join(own, "train.csv"), "x,y\n1,2\n");
    await writeFile(path.join(own, "test.csv"), "x\n5\n");
    const result = await runSolution({
      solution: {
        source: 'import { appendFileSync } from "node:fs"; appendFileSync("data/train.csv", "9,9\\n");',
        filename: "poison.js",
      },
      workDir: path.join(root, `work-${n++}`),
      dataDir: own,
      timeLimitMs: 30_000,
    });
    expect(result.exitCode).toBe(0);
    expect(await readFile(path.join(own, "train.csv"), "utf8")).toBe("x,y\n1,2\n");
  });

  it("can still reach the network and signal processes: what Node 20's permission model leaves open", async () => {
    const server = createServer((_req, res) => res.end("reached"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await hostile(`
        await attempt("fetch", async () => (await fetch("http://127.0.0.1:${port}/")).text());
        await attempt("signal", () => process.kill(process.ppid, 0));`);
      // Documented gaps (docs/sandbox.md): run the engine in a container without network access.
      expect(result.stdoutTail.trim().split("\n")).toEqual(["fetch ALLOWED reached", "signal ALLOWED true"]);
    } finally {
      server.close();
    }
  });

  it("crashing is a result with its exit code and stderr", async () => {
    const result = await hostile(`throw new Error("solution bug");`);
    expect(result.exitCode).toBe(1);
    expect(result.error).toBe("exited with code 1");
    expect(result.stderrTail).toContain("solution bug");
  });
});
