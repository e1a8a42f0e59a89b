/** Evaluation on workers over Redis (BullMQ): the owner's executor, the worker, the job format. */
export {
  type CallRow,
  type EvalJob,
  type EvalResult,
  evalJobId,
  JOB_FORMAT,
  programKey,
  QUEUE_NAME,
  runKeyOf,
  treeHashOf,
} from "./jobs.js";
export { connectRemoteExecutor, type RemoteExecutor, type RemoteExecutorOptions } from "./remote-executor.js";
export { type RunningWorker, startWorker, type WorkerOptions } from "./worker.js";
