/**
 * Exact validity of a candidate against its parent. Every kind: `checkProblem` (the program
 * runs, constraints hold, the stated answer is the executed one, the program's numbers are in the
 * text). Contextual kinds: the program is unchanged and the text is new. Symbolic: the program
 * is new.
 */
import { type Check, checkProblem, type Problem, problemText, samePrograms } from "../problem.js";
import type { MutationKind } from "./types.js";

export function validateCandidate(candidate: Problem, parent: Problem, kind: MutationKind): Check {
  const contextual = kind !== "symbolic";
  const check = checkProblem(candidate, contextual ? { sameProgramAs: parent.program } : {});
  if (!check.ok) return check;
  if (contextual && problemText(candidate) === problemText(parent)) {
    return { ok: false, reason: "a contextual mutation left the text unchanged" };
  }
  if (kind === "setting" && candidate.setting === parent.setting) {
    return { ok: false, reason: "a setting mutation kept the setting" };
  }
  if (!contextual && samePrograms(candidate.program, parent.program)) {
    return { ok: false, reason: "a symbolic mutation left the program unchanged" };
  }
  return { ok: true };
}
