/**
 * `redis://[user:password@]host:port[/db]`, `rediss://…` (TLS) or `unix:///path/to/socket` as the
 * connection options BullMQ hands to ioredis, so the package never imports ioredis itself.
 */
import type { RedisOptions } from "bullmq";
import { UserError } from "../errors.js";

/** The few raw commands the queue sends itself, on the ioredis client BullMQ made (its type narrows them). */
export interface RawRedis {
  get(key: string): Promise<string | null>;
  set(...args: (string | number)[]): Promise<unknown>;
  incrbyfloat(key: string, increment: number): Promise<string>;
  expire(key: string, seconds: number): Promise<number>;
  eval(script: string, keys: number, ...args: string[]): Promise<unknown>;
  ping(): Promise<string>;
  info(section: string): Promise<string>;
  config(...args: string[]): Promise<unknown>;
  on(event: "ready", listener: () => void): unknown;
}

/** BullMQ's connection as the raw client the queue's own commands use. */
export const rawRedis = async (client: Promise<unknown>) => (await client) as RawRedis;

export function redisConnection(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(
      `"${url}" is not a Redis URL: use redis://HOST:PORT, rediss://HOST:PORT (TLS) or unix:///path`,
    );
  }
  // Workers and QueueEvents block on Redis: ioredis must keep retrying instead of failing a command.
  const common = { maxRetriesPerRequest: null, enableReadyCheck: true } as const;
  if (parsed.protocol === "unix:") return { ...common, path: decodeURIComponent(parsed.pathname) };
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new UserError(
      `"${url}" is not a Redis URL: use redis://HOST:PORT, rediss://HOST:PORT (TLS) or unix:///path`,
    );
  }
  const db = parsed.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db))
    throw new UserError(`the database in "${url}" must be a number (redis://HOST:PORT/0)`);
  return {
    ...common,
    host: parsed.hostname || "127.0.0.1",
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db === "" ? {} : { db: Number(db) }),
    ...(parsed.protocol === "rediss:" ? { tls: { servername: parsed.hostname } } : {}),
  };
}

/** The URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparsable Redis URL>";
  }
}
