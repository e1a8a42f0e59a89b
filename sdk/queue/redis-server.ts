/**
 * A private `redis-server` for tests and benchmarks: its own port on 127.0.0.1 and its own data
 * folder, never a shared server. `kill` and `restart` (on the same port and folder) let the fault
 * tests take Redis away mid-run, with append-only persistence or without any.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SystemError } from "../errors.js";

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** SIGKILL, as a crash: nothing is flushed beyond what the persistence setting already wrote. */
  kill(): Promise<void>;
  /**
   * Starts it again on the same port and folder (an append-only file is read back); `appendonly`
   * changes the persistence setting from then on.
   */
  restart(options?: { appendonly?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** Append-only persistence (fsync every second); without it, and with no RDB snapshots, a restart starts empty. */
  appendonly?: boolean;
  binary?: string;
}

/** A free TCP port on 127.0.0.1 (the OS picks one; the tiny race with another taker is accepted). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function launch(binary: string, port: number, dir: string, appendonly: boolean): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
  args.push("--appendonly", appendonly ? "yes" : "no", "--protected-mode", "yes", "--loglevel", "notice");
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new SystemError(`redis-server did not start on port ${port} within 10 s: ${output.slice(-500)}`),
      );
    }, 10_000);
    child.stdout?.on("data", (chunk) => {
      output += String(chunk);
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new SystemError(`cannot start ${binary}: ${error.message} (install Debian's redis-server)`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new SystemError(`redis-server exited with ${code} before it was ready: ${output.slice(-500)}`));
    });
  });
}

function exited(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? "redis-server";
  let appendonly = options.appendonly ?? false;
  const dir = mkdtempSync(join(tmpdir(), "ha-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(binary, port, dir, appendonly);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async kill() {
      await exited(child, "SIGKILL");
      child = undefined;
    },
    async restart(next = {}) {
      await exited(child, "SIGKILL");
      appendonly = next.appendonly ?? appendonly;
      child = await launch(binary, port, dir, appendonly);
    },
    async stop() {
      await exited(child, "SIGTERM");
      child = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
