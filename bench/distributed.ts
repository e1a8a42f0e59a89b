/**
 * `npm run bench:distributed`: evaluation on BullMQ workers over a private Redis.
 *
 * 1. Children per minute with 1, 2 and 4 local worker processes (one job at a time each) against
 *    the in-process run (--parallel 4), on the toy task with a fixed wait per instance (an
 *    evaluation that waits, as a solution training elsewhere would), so the figure is the
 *    queue's, not this machine's CPU count.
 * 2. Per-job queue overhead: the owner's wait for one job minus the worker's own evaluation time,
 *    over sequential jobs on a warm worker (p50, p99).
 * 3. Recovery after a worker is SIGKILLed mid-job: from the kill to the job starting again on
 *    another worker (lock 2 s, stall check 1 s, as the tests; BullMQ's defaults are 30 s each).
 * BENCH_DELAY_MS (default 1000), BENCH_GENERATIONS (2), BENCH_JOBS (200) change the sizes.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { evolve } from "../sdk/evolve/evolve.js";
import { startRedisServer } from "../sdk/queue/redis-server.js";
import { connectRemoteExecutor } from "../sdk/queue/remote-executor.js";
import { spawnWorker, type WorkerProcess, writeToyTasksModule } from "../sdk/queue/testing.js";
import { toyTask, writeToyProgram } from "../sdk/testing/toy-task.js";

const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 1000);
const GENERATIONS = Number(process.env.BENCH_GENERATIONS ?? 2);
const JOBS = Number(process.env.BENCH_JOBS ?? 200);
const CHILDREN = 4;
const TASK = "toy-bench";

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

const root = mkdtempSync(join(tmpdir(), "ha-bench-distributed-"));
const agentDir = writeToyProgram(join(root, "agent"));
const tasksModule = writeToyTasksModule(root, TASK, DELAY_MS);
const redis = await startRedisServer({ appendonly: true });
const loadBefore = loadavg();

async function startWorkers(count: number, prefix: string): Promise<WorkerProcess[]> {
  const workers = Array.from({ length: count }, () => spawnWorker(redis.url, { tasksModule, prefix }));
  await Promise.all(workers.map((worker) => worker.waitFor(/worker ready/, 120_000)));
  return workers;
}

/** One run; children per minute over its generations (the initial evaluation and test split included). */
async function childrenPerMinute(
  name: string,
  workers?: { url: string; prefix: string },
  generations = GENERATIONS,
) {
  const started = performance.now();
  const summary = await evolve({
    runDir: join(root, name),
    agentDir,
    tasks: [toyTask({ id: TASK, delayMs: DELAY_MS })],
    generations,
    children: CHILDREN,
    parallel: 4,
    seed: 1,
    ...(workers ? { workers } : {}),
  });
  const minutes = (performance.now() - started) / 60_000;
  return round((summary.archiveSize - 1) / minutes);
}

/** Warms the workers' child processes (their first job loads the task and the sandbox): one generation, untimed. */
const warm = (prefix: string) => childrenPerMinute(`warm-${prefix}`, { url: redis.url, prefix }, 1);

const throughput: Record<string, number> = { inProcess: await childrenPerMinute("in-process") };
for (const count of [1, 2, 4]) {
  const prefix = `w${count}`;
  const workers = await startWorkers(count, prefix);
  await warm(prefix);
  throughput[`workers${count}`] = await childrenPerMinute(`workers-${count}`, { url: redis.url, prefix });
  await Promise.all(workers.map((worker) => worker.kill()));
}
const ratio = Object.fromEntries(
  Object.entries(throughput).map(([key, value]) => [key, round(value / (throughput.inProcess ?? 1), 2)]),
);
console.log("children/min", throughput, "ratio to in-process", ratio);

/** Sequential jobs on one warm worker: owner-side wait minus the worker's own evaluation. */
async function queueOverhead() {
  const prefix = "overhead";
  // No wait in the task: what is measured is the queue's round trip around a tiny evaluation.
  const zero = writeToyTasksModule(mkdtempSync(join(root, "zero-")), "toy-zero", 0);
  const worker = spawnWorker(redis.url, { tasksModule: zero, prefix });
  await worker.waitFor(/worker ready/, 120_000);
  const executor = await connectRemoteExecutor({
    url: redis.url,
    prefix,
    runKey: `bench-${Date.now()}`,
    taskModel: "offline",
    ledger: { record: () => undefined, budgetLeftUsd: () => null },
  });
  const files = { "task_agent.ts": "export function solve() { return { value: 8 }; }\n" };
  const task = toyTask({ id: "toy-zero" });
  const [instance] = await task.instances("train");
  const overhead: number[] = [];
  for (let i = 0; i < JOBS + 5; i++) {
    const started = performance.now();
    const [record] = await executor.evaluate({
      files,
      task,
      split: "train",
      instances: [instance!],
      nodeId: "bench",
      seed: i,
      limits: { timeoutMs: 10_000, memoryMb: 128, maxToolCalls: 10 },
    });
    // The first jobs warm the worker's child process up.
    if (i >= 5) overhead.push(performance.now() - started - (record?.wallMs ?? 0));
  }
  await executor.close();
  await worker.kill();
  return { jobs: JOBS, p50Ms: round(quantile(overhead, 0.5)), p99Ms: round(quantile(overhead, 0.99)) };
}
const overhead = await queueOverhead();
console.log("per-job queue overhead", overhead);

/** Two workers; one is SIGKILLed as it starts a long job; time until the other starts it. */
async function recovery() {
  const prefix = "recovery";
  const slow = writeToyTasksModule(mkdtempSync(join(root, "slow-")), "toy-long", 4_000);
  const workers = [
    spawnWorker(redis.url, { tasksModule: slow, prefix }),
    spawnWorker(redis.url, { tasksModule: slow, prefix }),
  ];
  await Promise.all(workers.map((worker) => worker.waitFor(/worker ready/, 120_000)));
  const executor = await connectRemoteExecutor({
    url: redis.url,
    prefix,
    runKey: `recovery-${Date.now()}`,
    taskModel: "offline",
    ledger: { record: () => undefined, budgetLeftUsd: () => null },
    recheckMs: 1_000,
  });
  const task = toyTask({ id: "toy-long", delayMs: 4_000 });
  const [instance] = await task.instances("train");
  const files = { "task_agent.ts": "export function solve() { return { value: 8 }; }\n" };
  const limits = { timeoutMs: 10_000, memoryMb: 128, maxToolCalls: 10 };
  const done = executor.evaluate({
    files,
    task,
    split: "train",
    instances: [instance!],
    nodeId: "r",
    seed: 1,
    limits,
  });
  const first = await Promise.race(
    workers.map((worker, i) => worker.waitFor(/^active /, 120_000).then((line) => ({ i, line }))),
  );
  const victim = workers[first.i]!;
  const survivor = workers[1 - first.i]!;
  const killedAt = performance.now();
  const from = survivor.lines.length;
  await victim.kill("SIGKILL");
  await survivor.waitFor(new RegExp(`^${first.line}$`), 120_000, from);
  const restartMs = performance.now() - killedAt;
  await done;
  const completedMs = performance.now() - killedAt;
  await executor.close();
  await survivor.kill();
  // completedAfterMs includes the survivor starting its processor child, if it had run no job yet.
  return { jobMs: 4_000, restartedAfterMs: round(restartMs, 0), completedAfterMs: round(completedMs, 0) };
}
const recover = await recovery();
console.log("recovery after a worker kill", recover);

await redis.stop();
const results = {
  date: new Date().toISOString(),
  machine: { loadAverage: { before: loadBefore, after: loadavg() } },
  setup: {
    task: `toy, ${DELAY_MS} ms wait per instance`,
    generations: GENERATIONS,
    children: CHILDREN,
    ownerParallel: 4,
  },
  childrenPerMinute: throughput,
  ratioToInProcess: ratio,
  queueOverheadMs: overhead,
  recoveryAfterWorkerKill: recover,
};
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/distributed.json", import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
console.log("wrote bench/results/distributed.json");
