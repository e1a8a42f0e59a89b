/**
 * Helpers for the queue's tests and benchmark: worker processes started as `hyperagents worker`
 * runs, with their log lines, and a run's archive in comparable form (timings left out).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openRunStore } from "../store/run-store.js";

const workerScript = fileURLToPath(new URL("./worker-process.ts", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line (already seen from line `from` on, or to come) that matches. */
  waitFor(pattern: RegExp, timeoutMs?: number, from?: number): Promise<string>;
  /** Sends the signal and waits for the process to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnWorker(
  url: string,
  options: { concurrency?: number; tasksModule?: string; prefix?: string; env?: NodeJS.ProcessEnv } = {},
): WorkerProcess {
  const args = [String(options.concurrency ?? 1), options.tasksModule ?? "", options.prefix ?? ""];
  const child = spawn(
    process.execPath,
    ["--no-node-snapshot", "--import", "tsx", workerScript, url, ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    },
  );
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const take = (chunk: unknown) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", take);
  child.stderr?.on("data", take);
  return {
    child,
    lines,
    waitFor(pattern, timeoutMs = 60_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.slice(from).find((each) => pattern.test(each));
          if (line === undefined) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(line);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `no worker line matched ${pattern} in ${timeoutMs} ms:\n${lines.slice(-20).join("\n")}`,
            ),
          );
        }, timeoutMs);
        if (!check()) listeners.add(check);
      });
    },
    kill(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill(signal);
      });
    },
  };
}

/** A run's archive without timings: nodes, scores and evaluations, in a stable order. */
export function archiveOf(runDir: string) {
  const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
  try {
    const nodes = store.nodes().map((node) => ({
      id: node.id,
      parentId: node.parentId,
      status: node.status,
      rejectStage: node.rejectStage,
      tree: node.tree,
      score: node.score,
    }));
    const evaluations = nodes.flatMap((node) =>
      store.evaluations(node.id).map(({ wallMs: _, ...rest }) => rest),
    );
    return { nodes, scores: store.scores(), evaluations };
  } finally {
    store.close();
  }
}

const toyTaskSource = fileURLToPath(new URL("../testing/toy-task.ts", import.meta.url));

/**
 * A module for `worker --tasks-module` with a slow toy task (`delayMs` per instance), so a test
 * can kill a worker, Redis or the owner while jobs are in hand; `more` adds toy tasks by options.
 */
export function writeToyTasksModule(
  dir: string,
  id: string,
  delayMs: number,
  more: { id: string; delayMs?: number; targets?: number[] }[] = [],
): string {
  const file = join(dir, "toy-tasks.ts");
  const options = [{ id, delayMs }, ...more].map((each) => `toyTask(${JSON.stringify(each)})`);
  writeFileSync(
    file,
    `import { toyTask } from ${JSON.stringify(toyTaskSource)};\nexport const tasks = [${options.join(", ")}];\n`,
  );
  return file;
}

/** The pids whose parent is `pid`, from /proc (Linux): a worker's slots are its children. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The fields after the command name (in parentheses) start with state, then the parent's pid.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // Gone while we looked.
    }
  }
  return out;
}

/** Whether a process with this pid still runs. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
