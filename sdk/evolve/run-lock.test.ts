import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../cli/main.js";
import { memoryIo } from "../cli/memory-io.js";
import { HyperagentsError } from "../errors.js";
import { toyTask } from "../testing/toy-task.js";
import { evolve } from "./evolve.js";
import { processStartTime, RUN_LOCK_FILE, RunLockedError, runLock } from "./run-lock.js";

const script = fileURLToPath(new URL("./run-lock-process.ts", import.meta.url));

/** Starts a toy run in another process; resolves once it holds the run after its first generation. */
function startHolder(runDir: string, agentDir: string) {
  const child = spawn(process.execPath, ["--no-node-snapshot", "--import", "tsx", script, runDir, agentDir], {
    stdio: ["pipe", "pipe", "pipe"],
  }) as ChildProcessWithoutNullStreams;
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  const holding = new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += String(chunk);
      if (out.includes("holding\n")) resolve();
    });
    void exited.then((result) => reject(new Error(`the holder exited first: ${result.stderr}`)));
  });
  return { child, holding, exited };
}

function tempRun() {
  const root = mkdtempSync(join(tmpdir(), "ha-lock-"));
  return { runDir: join(root, "run"), agentDir: join(root, "agent") };
}

describe("one writer per run directory", () => {
  it("a second writer exits 2 naming the holder's PID, while report and export still read the live run", async () => {
    const { runDir, agentDir } = tempRun();
    const holder = startHolder(runDir, agentDir);
    await holder.holding;
    try {
      const io = memoryIo();
      expect(await main(["evolve", "--resume", runDir], io)).toBe(2);
      expect(io.err).toContain(`in use by process ${holder.child.pid}`);
      expect(io.err).not.toMatch(/a bug/);

      // The API refuses the same way: a typed user error, nothing written.
      const error = await evolve({ runDir, resume: true, tasks: [toyTask()] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunLockedError);
      expect(HyperagentsError.is(error) && error.kind).toBe("user");

      const report = memoryIo();
      expect(await main(["report", runDir], report), report.err).toBe(0);
      expect(report.out).toContain("report.html");
      const exported = memoryIo();
      const out = join(runDir, "..", "exported");
      expect(await main(["export", runDir, "initial", "--out", out], exported), exported.err).toBe(0);
      expect(existsSync(join(out, "task_agent.ts"))).toBe(true);
    } finally {
      holder.child.stdin.write("go\n");
    }
    const result = await holder.exited;
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(runDir, RUN_LOCK_FILE))).toBe(false);
  }, 180_000);

  it("a lock left by a SIGKILLed writer is stale: the next resume takes it over and finishes", async () => {
    const { runDir, agentDir } = tempRun();
    const holder = startHolder(runDir, agentDir);
    await holder.holding;
    holder.child.kill("SIGKILL");
    const result = await holder.exited;
    expect(result.signal).toBe("SIGKILL");
    const left = JSON.parse(readFileSync(join(runDir, RUN_LOCK_FILE), "utf8")) as { pid: number };
    expect(left.pid).toBe(holder.child.pid);

    const summary = await evolve({ runDir, resume: true, tasks: [toyTask()] });
    expect(summary.reason).toBe("done");
    expect(existsSync(join(runDir, RUN_LOCK_FILE))).toBe(false);
  }, 180_000);
});

describe("runLock", () => {
  function lockDir() {
    const dir = mkdtempSync(join(tmpdir(), "ha-lockfile-"));
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  const write = (dir: string, holder: object) =>
    writeFileSync(
      join(dir, RUN_LOCK_FILE),
      `${JSON.stringify({ host: hostname(), since: "then", ...holder })}\n`,
    );

  it("takes over a lock whose PID is not alive", () => {
    const dir = lockDir();
    // Above Linux's pid_max (4194304): never a live process.
    write(dir, { pid: 4_194_305, startTime: null });
    const lock = runLock(dir);
    lock.acquire();
    expect(JSON.parse(readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it("takes over a lock whose PID was reused by another process (start time differs)", () => {
    const dir = lockDir();
    const start = processStartTime(process.pid);
    if (start === null) return; // Not Linux: no start times to compare.
    write(dir, { pid: process.ppid, startTime: start + 12345 });
    const lock = runLock(dir);
    lock.acquire();
    lock.release();
  });

  it("refuses while a live process holds it, and a half-written lock is nobody's", () => {
    const dir = lockDir();
    write(dir, { pid: process.ppid, startTime: processStartTime(process.ppid) });
    expect(() => runLock(dir).acquire()).toThrow(new RegExp(`in use by process ${process.ppid}`));
    writeFileSync(join(dir, RUN_LOCK_FILE), '{"pid": 12');
    const lock = runLock(dir);
    lock.acquire();
    lock.release();
  });

  it("a second lock in the same process is refused until the first is released", () => {
    const dir = lockDir();
    const first = runLock(dir);
    first.acquire();
    expect(() => runLock(dir).acquire()).toThrow(RunLockedError);
    first.release();
    const second = runLock(dir);
    second.acquire();
    second.release();
  });
});
