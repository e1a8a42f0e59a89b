/**
 * `doctor --redis URL`: can this machine reach the queue, and will queued work survive a Redis
 * restart? Without persistence (appendonly no, no save points) a restart loses every queued and
 * finished job: the owner adds its outstanding jobs again, but finished results a resumed owner
 * would have taken from Redis are gone and run again.
 */
import { Queue } from "bullmq";
import { QUEUE_NAME } from "./jobs.js";
import { rawRedis, redactedUrl, redisConnection } from "./redis-url.js";

export interface RedisCheck {
  name: "redis";
  ok: boolean;
  required: boolean;
  detail: string;
  appendonly?: boolean;
  save?: string;
  version?: string;
  workers?: number;
}

const field = (info: string, key: string) => new RegExp(`^${key}:(.*)$`, "m").exec(info)?.[1]?.trim();

export async function checkRedis(url: string, timeoutMs = 5_000): Promise<RedisCheck> {
  const shown = redactedUrl(url);
  let queue: Queue | undefined;
  try {
    queue = new Queue(QUEUE_NAME, {
      connection: {
        ...redisConnection(url),
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
        connectTimeout: timeoutMs,
      },
    });
    queue.on("error", () => undefined);
    const started = performance.now();
    const client = await rawRedis(queue.client);
    await client.ping();
    const latencyMs = performance.now() - started;
    const server = await client.info("server");
    const persistence = await client.info("persistence");
    const version = field(server, "redis_version") ?? "?";
    const appendonly = field(persistence, "aof_enabled") === "1";
    // CONFIG may be renamed away on a managed server; INFO says enough then.
    const save = await client
      .config("GET", "save")
      .then((reply: unknown) => String((reply as string[])[1] ?? ""))
      .catch(() => "unknown");
    const workers = (await queue.getWorkers()).length;
    const persisted = appendonly
      ? "appendonly yes"
      : save !== "" && save !== "unknown"
        ? `snapshots only (save ${save}): a crash loses the jobs since the last one; prefer appendonly yes`
        : "none: a restart loses queued and finished jobs (the owner re-adds its own); set appendonly yes";
    return {
      name: "redis",
      ok: true,
      required: true,
      detail: `redis ${version} at ${shown} (${latencyMs.toFixed(0)} ms), ${workers} worker(s) connected; persistence: ${persisted}`,
      appendonly,
      save,
      version,
      workers,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      name: "redis",
      ok: false,
      required: true,
      detail: `cannot reach ${shown}: ${message} (is redis-server running, and its bind/password/TLS as in the URL?)`,
    };
  } finally {
    await queue?.close().catch(() => undefined);
  }
}
