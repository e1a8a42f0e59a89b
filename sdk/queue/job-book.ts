/**
 * The owner's ledger of outstanding jobs: each job it waits for, with the programs it reads, until
 * a result settles it (once). Results come by QueueEvents; a re-check at the first add, after every
 * reconnect and every `recheckMs` takes finished jobs whose event was missed and adds again the
 * jobs Redis lost (a restart without persistence). A job a worker failed because Redis had lost its
 * program is mended the same way: the owner holds the program, so it stores it and adds the job again.
 */
import type { Queue, QueueEvents } from "bullmq";
import { SystemError, UserError } from "../errors.js";
import {
  JOB_FORMAT,
  KEEP_RESULTS_S,
  LOST_PROGRAM,
  programKey,
  type QueueJob,
  type QueueResult,
} from "./jobs.js";
import type { RawRedis } from "./redis-url.js";

interface Outstanding {
  job: QueueJob;
  /** The programs the job reads, by tree hash (added again with the job if Redis lost them). */
  programs: Record<string, Record<string, string>>;
  waiters: { resolve: (result: QueueResult) => void; reject: (error: Error) => void }[];
  /** Times it was added again after a worker found its program missing. */
  mended: number;
}

/** A job whose program goes missing again and again is failed: something flushes Redis. */
const MAX_MENDS = 3;

export interface JobBook {
  /** Adds the job (or joins it, if it is already outstanding) and resolves with its result. */
  run(id: string, job: QueueJob, programs: Outstanding["programs"]): Promise<QueueResult>;
  size(): number;
  /** Rejects every outstanding job; the caller closes the connections. */
  close(): void;
}

export function openJobBook(
  queue: Queue<QueueJob, QueueResult>,
  events: QueueEvents,
  client: RawRedis,
  recheckMs: number,
): JobBook {
  const outstanding = new Map<string, Outstanding>();
  const settle = (id: string, outcome: QueueResult | Error) => {
    const entry = outstanding.get(id);
    if (!entry) return;
    outstanding.delete(id);
    for (const waiter of entry.waiters)
      outcome instanceof Error ? waiter.reject(outcome) : waiter.resolve(outcome);
  };
  const failed = (id: string, reason: string) =>
    settle(id, new UserError(`a worker could not run job ${id}: ${reason}`));
  const completed = (id: string, value: unknown) => {
    const result = (typeof value === "string" ? JSON.parse(value) : value) as QueueResult | null;
    if (result?.format !== JOB_FORMAT)
      failed(id, `its result is not in job format ${JOB_FORMAT}: update hyperagents on the workers`);
    else settle(id, result);
  };
  events.on("completed", ({ jobId, returnvalue }) => completed(jobId, returnvalue));
  // Redis away: the periodic re-check finds the failed job and mends it then.
  events.on(
    "failed",
    ({ jobId, failedReason }) => void mendOrFail(jobId, failedReason).catch(() => undefined),
  );

  const storeProgram = (tree: string, files: Record<string, string>) =>
    client.set(programKey(tree), JSON.stringify(files), "EX", KEEP_RESULTS_S, "NX");
  const addJob = async (id: string, entry: Outstanding) => {
    for (const [tree, files] of Object.entries(entry.programs)) await storeProgram(tree, files);
    await queue.add(entry.job.kind, entry.job, {
      jobId: id,
      attempts: 1,
      removeOnComplete: { age: KEEP_RESULTS_S },
      removeOnFail: { age: KEEP_RESULTS_S },
    });
  };
  /** A job failed for a program Redis lost is added again with its programs; any other failure settles it. */
  const mending = new Set<string>();
  const mendOrFail = async (id: string, reason: string) => {
    const entry = outstanding.get(id);
    // The failed event and a re-check can both see one failure: it is mended once.
    if (!entry || mending.has(id)) return;
    if (!reason.startsWith(LOST_PROGRAM) || entry.mended >= MAX_MENDS) return failed(id, reason);
    entry.mended++;
    mending.add(id);
    try {
      await (await queue.getJob(id))?.remove();
      await addJob(id, entry);
    } finally {
      mending.delete(id);
    }
  };
  /** Where a job stands in Redis; settles it if it is done, adds it again if Redis lost it. */
  const recheck = async (id: string, fresh = false) => {
    const entry = outstanding.get(id);
    if (!entry) return;
    const state = await queue.getJobState(id);
    if (state === "unknown") return addJob(id, entry);
    if (state === "completed") return completed(id, (await queue.getJob(id))?.returnvalue);
    if (state !== "failed") return;
    const job = await queue.getJob(id);
    // A failure left by an earlier session (a worker then lacked the task) is tried again once.
    if (fresh && job) {
      await job.remove();
      return addJob(id, entry);
    }
    await mendOrFail(id, job?.failedReason ?? "failed");
  };
  const recheckAll = async () => {
    for (const id of [...outstanding.keys()]) await recheck(id).catch(() => undefined);
  };
  client.on("ready", () => void recheckAll());
  const timer = setInterval(() => void recheckAll(), recheckMs);
  timer.unref();

  const run = (id: string, job: QueueJob, programs: Outstanding["programs"]): Promise<QueueResult> => {
    return new Promise((resolve, reject) => {
      const entry = outstanding.get(id);
      if (entry) return void entry.waiters.push({ resolve, reject });
      outstanding.set(id, { job, programs, waiters: [{ resolve, reject }], mended: 0 });
      // Redis away: the periodic re-check adds it once Redis is back.
      recheck(id, true).catch(() => undefined);
    });
  };

  return {
    run,
    size: () => outstanding.size,
    close() {
      clearInterval(timer);
      for (const id of [...outstanding.keys()])
        settle(id, new SystemError("the queue connection was closed"));
    },
  };
}
