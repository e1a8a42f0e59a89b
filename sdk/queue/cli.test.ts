import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRedis } from "./redis-check.js";
import { freePort, type RedisServer, startRedisServer } from "./redis-server.js";

const cli = fileURLToPath(new URL("./cli-process.ts", import.meta.url));

/** Runs the queue's commands as the CLI registers them, in a process of their own. */
function run(args: string[], onLine?: (line: string) => void) {
  const child = spawn(process.execPath, ["--no-node-snapshot", "--import", "tsx", cli, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
    for (const line of String(chunk).split("\n").filter(Boolean)) onLine?.(line);
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

let redis: RedisServer;
let aof: RedisServer;

beforeAll(async () => {
  [redis, aof] = await Promise.all([startRedisServer(), startRedisServer({ appendonly: true })]);
});

afterAll(async () => {
  await Promise.all([redis?.stop(), aof?.stop()]);
});

describe("the queue's commands", () => {
  it("`worker --redis` runs the jobs of `evolve --workers`, and stops on SIGTERM after its jobs", async () => {
    let ready: () => void = () => undefined;
    const isReady = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const worker = run(["worker", "--redis", redis.url, "--concurrency", "2"], (line) => {
      if (/worker ready/.test(line)) ready();
    });
    await isReady;
    const out = join(mkdtempSync(join(tmpdir(), "ha-queue-cli-")), "run");
    const evolve = await run([
      "evolve",
      "--task",
      "circle-packing",
      "--generations",
      "1",
      "--children",
      "2",
      "--workers",
      redis.url,
      "--out",
      out,
      "--json",
    ]).done;
    expect(evolve.code, evolve.stderr).toBe(0);
    expect(JSON.parse(evolve.stdout).archiveSize).toBe(3);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).reason).toBe("done");
    worker.child.kill("SIGTERM");
    const stopped = await worker.done;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/done g1c[01] circle-packing\//);
    expect(stopped.stderr).toMatch(/stopped/);
  }, 120_000);

  it("checks Redis: reachable or not, and whether it persists", async () => {
    const plain = await checkRedis(redis.url);
    expect(plain.ok).toBe(true);
    expect(plain.appendonly).toBe(false);
    expect(plain.detail).toMatch(/persistence: none/);
    const persisted = await checkRedis(aof.url);
    expect(persisted.appendonly).toBe(true);
    expect(persisted.detail).toMatch(/appendonly yes/);
    const nobody = await checkRedis(`redis://127.0.0.1:${await freePort()}`);
    expect(nobody.ok).toBe(false);
    expect(nobody.detail).toMatch(/cannot reach/);
  });

  it("`doctor --redis URL --json` adds the Redis check to the machine's", async () => {
    const doctor = await run(["doctor", "--redis", aof.url, "--json"]).done;
    const checks = JSON.parse(doctor.stdout).checks as { name: string; ok: boolean }[];
    expect(checks.find((check) => check.name === "redis")?.ok).toBe(true);
    expect(checks.length).toBeGreaterThan(3);
  }, 60_000);
});
