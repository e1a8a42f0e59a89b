/** What a meta agent reads as `ctx.data`: its lineage's train results and a few peers. */
import type { MetaData } from "../../sandbox/ctx-contract.js";
import { lineage } from "../archive/archive.js";
import type { Engine } from "./engine.js";
import { capPeerFiles } from "./peer-files.js";

/** What a meta agent reads as `ctx.data`: the program contract's type, declared once. */
export type { MetaData };

const MAX_PEERS = 3;

/** What the meta agent may read: its lineage's train-split results and a few peers to recombine with. */
export async function metaData(engine: Engine, nodeId: string, parentId: string, generation: number) {
  // Only earlier generations: siblings finishing first must not change what this child sees,
  // or a replayed run would diverge from the recorded one.
  const nodes = engine.store.nodes().filter((node) => node.generation < generation);
  const chain = lineage(nodes, parentId).slice(0, 5);
  const evaluations = chain.flatMap((node) =>
    engine.tasks.map((task) => {
      const instances = engine.store.evaluations(node.id, "train").filter((e) => e.taskId === task.id);
      const score = engine.store.scores(node.id).find((s) => s.taskId === task.id && s.split === "train");
      return {
        nodeId: node.id,
        taskId: task.id,
        split: "train",
        score: score?.score ?? null,
        instances: instances.slice(0, 20).map((e) => ({
          id: e.instanceId,
          score: e.score,
          ...(e.error ? { error: e.error.slice(0, 500) } : {}),
          ...(e.details === undefined ? {} : { details: clip(e.details) }),
        })),
      };
    }),
  );
  const peerIds = engine.baseline
    .peerPool(nodes, parentId)
    .filter((node) => node.status === "valid" && node.id !== parentId && node.score !== null)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
    .slice(0, MAX_PEERS);
  const parentPaths =
    peerIds.length > 0 ? new Set(Object.keys(await engine.programs.readFiles(parentId))) : undefined;
  const peers = await Promise.all(
    peerIds.map(async (node) => ({
      nodeId: node.id,
      score: node.score ?? 0,
      files: capPeerFiles(await engine.programs.readFiles(node.id), parentPaths),
    })),
  );
  const data: MetaData = {
    nodeId,
    parentId,
    generation,
    iterationsLeft: engine.config.generations - generation,
    tasks: engine.tasks.map((task) => ({ id: task.id, description: task.description })),
    evaluations,
    peers,
  };
  return data;
}

/** Keeps evaluation details that go into a meta agent's context small. */
function clip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text.length <= 2000 ? value : `${text.slice(0, 2000)}…`;
}
