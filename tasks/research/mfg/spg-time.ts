/**
 * Memory ablation: SPG with the time feature t/T, π(a | s, o_t, t/T).
 * Structural policy gradient over the enumerated noise paths; one network per game kind and size;
 * a fixed number of iterations (HYPERAGENTS_SMOKE=1 cuts them to a few), seeded by HYPERAGENTS_SEED.
 */
import { loadTf, readSplit, runSeed, smokeMode, writeSubmission } from "hyperagents/solution";
import { SUBMISSION_COLUMNS } from "./kit/table.js";
import { solveGames, testGames } from "./solvers/solve.js";

const { tf } = await loadTf();
const ids = testGames(await readSplit("test"));
const rows = solveGames(tf, ids, {
  method: "spg-time",
  seed: runSeed(),
  iterations: smokeMode() ? 6 : 150,
  log: (line) => console.log(line),
});
await writeSubmission(rows, SUBMISSION_COLUMNS);
