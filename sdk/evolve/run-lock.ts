/** The run directory's one-writer lock lives in sdk/internal (the DéjàQ loop takes it too). */
export {
  processStartTime,
  RUN_LOCK_FILE,
  type RunLock,
  RunLockedError,
  runLock,
} from "../internal/run-lock.js";
