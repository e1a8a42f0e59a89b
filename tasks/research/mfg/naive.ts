/** Naive baseline: the uniform policy in every game, node and state (relative exploitability 1). */
import { readSplit, writeSubmission } from "hyperagents/solution";
import { uniformPolicy } from "./kit/flow.js";
import { makeGame } from "./kit/games.js";
import { policyRows, SUBMISSION_COLUMNS } from "./kit/table.js";

const ids = [...new Set((await readSplit("test")).map((row) => String(row.game)))];
const rows = ids.flatMap((id) => {
  const game = makeGame(id);
  return policyRows(game, uniformPolicy(game));
});
await writeSubmission(rows, SUBMISSION_COLUMNS);
