// The learning student for the DéjàQ benchmark: a small TensorFlow.js policy trained by policy
// gradient to pick, from a problem's words, the operation each of its numbers takes.
export { ACTION_COUNT, ACTIONS, type Action, isCorrect, runActions } from "./actions.js";
export { type EncodedProblem, type EncodeOptions, encodeProblem, type LearnerProblem } from "./encode.js";
export { createPolicy, type Policy, type PolicyOptions, type PolicyUpdate } from "./policy.js";
export {
  greedyActions,
  greedyCorrect,
  type StepResult,
  sampleActions,
  sampleSuccesses,
  trainStep,
} from "./rollout.js";
