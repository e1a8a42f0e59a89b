/**
 * Test fixture: runs the offline DéjàQ loop (simulated student) in its own process, printing
 * one line per step, so a test can SIGKILL it mid-run and resume. Usage: DIR STEPS.
 */
import { DEFAULT_DEJAQ_CONFIG, runDejaqLoop } from "./loop.js";
import { OFFLINE_MUTATORS } from "./mutators/index.js";
import { type SimulatedStudent, type Skill, simulatedStudent } from "./student.js";

export const PROCESS_CONFIG = {
  ...DEFAULT_DEJAQ_CONFIG,
  batchSize: 8,
  attempts: 6,
  mutationsPerStep: 6,
  teacher: "offline",
  student: "simulated",
};

export function simulatedSource() {
  let student: SimulatedStudent | undefined;
  return (_step: number, saved: unknown) => {
    student ??= simulatedStudent(saved ? { competence: saved as Record<Skill, number> } : {});
    return student;
  };
}

const [dir, steps] = process.argv.slice(2);
if (dir !== undefined && steps !== undefined) {
  await runDejaqLoop({
    dir,
    steps: Number(steps),
    config: PROCESS_CONFIG,
    mutators: OFFLINE_MUTATORS,
    student: simulatedSource(),
    onStep: (m) => process.stdout.write(`step ${m.step}\n`),
  });
}
