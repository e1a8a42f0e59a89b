import { Queue, QueueEvents, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openJobBook } from "./job-book.js";
import { JOB_FORMAT, LOST_PROGRAM, programKey, QUEUE_NAME, type QueueJob, type QueueResult } from "./jobs.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";
import { rawRedis, redisConnection } from "./redis-url.js";

// A real Redis and a real BullMQ worker in this process; its processor plays the failing worker.
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const job = { format: JOB_FORMAT, kind: "eval", tree: "t1" } as unknown as QueueJob;
const result = { format: JOB_FORMAT, score: 1 } as unknown as QueueResult;

/** A job book and a worker on their own prefix; `process` sees each start of the job. */
async function harness(prefix: string, process: (start: number) => Promise<QueueResult>) {
  const connection = redisConnection(redis.url);
  const queue = new Queue<QueueJob, QueueResult>(QUEUE_NAME, { connection, prefix });
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const client = await rawRedis(queue.client);
  let starts = 0;
  const worker = new Worker<QueueJob, QueueResult>(QUEUE_NAME, async () => process(++starts), {
    connection,
    prefix,
  });
  const book = openJobBook(queue, events, client, 60_000);
  return {
    book,
    client,
    starts: () => starts,
    async close() {
      book.close();
      await Promise.allSettled([worker.close(), events.close(), queue.close()]);
    },
  };
}

describe("the owner's job book", () => {
  it("mends a job a worker failed for a program Redis lost: stores the program, adds the job again", async () => {
    const h = await harness("mend", async (start) => {
      if (start === 1) {
        // Redis lost the program after the owner stored it (a restart without persistence).
        await h.client.set(programKey("t1"), "gone", "EX", 1);
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        throw new Error(`${LOST_PROGRAM} program t1 is not in Redis (expired or flushed)`);
      }
      expect(JSON.parse((await h.client.get(programKey("t1"))) ?? "null")).toEqual({ "a.ts": "x" });
      return result;
    });
    try {
      await expect(h.book.run("j1", job, { t1: { "a.ts": "x" } })).resolves.toEqual(result);
      expect(h.starts()).toBe(2);
    } finally {
      await h.close();
    }
  }, 30_000);

  it("fails a job whose program keeps going missing, after three mends, with the worker's reason", async () => {
    const h = await harness("gone", async () => {
      throw new Error(`${LOST_PROGRAM} program t1 is not in Redis (expired or flushed)`);
    });
    try {
      await expect(h.book.run("j2", job, { t1: { "a.ts": "x" } })).rejects.toThrow(
        /a worker could not run job j2: lost program: program t1 is not in Redis/,
      );
      expect(h.starts()).toBe(4);
    } finally {
      await h.close();
    }
  }, 30_000);

  it("settles any other failure at once", async () => {
    const h = await harness("other", async () => {
      throw new Error("task toy has no instance i9");
    });
    try {
      await expect(h.book.run("j3", job, { t1: { "a.ts": "x" } })).rejects.toThrow(/no instance i9/);
      expect(h.starts()).toBe(1);
    } finally {
      await h.close();
    }
  }, 30_000);
});
