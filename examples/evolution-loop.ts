import { evolve } from "hyperagents";

// Three generations of two children on circle packing with the offline hyperagent (no API key).
const summary = await evolve({
  runDir: `runs/example-${Date.now()}`,
  tasks: ["circle-packing"],
  model: "offline",
  generations: 3,
  children: 2,
  seed: 1,
  onEvent: (event) => {
    if (event.type === "child-evaluated") console.log(`${event.nodeId}: ${event.score.toFixed(4)}`);
    if (event.type === "child-rejected") console.log(`${event.nodeId}: rejected (${event.stage})`);
  },
});
console.log(`best ${summary.bestNodeId} scored ${summary.bestScore} in ${summary.runDir}`);
