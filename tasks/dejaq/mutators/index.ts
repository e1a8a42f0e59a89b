export {
  OFFLINE_MUTATORS,
  OFFLINE_OPERATIONS,
  offlineDistractor,
  offlineOperation,
  offlineSetting,
  offlineSymbolic,
} from "./offline.js";
export { teacherMutator, teacherMutators, teacherPrompt } from "./teacher.js";
export { MUTATION_KINDS, type MutateContext, type MutationKind, type Mutator } from "./types.js";
export { validateCandidate } from "./validate.js";
