/**
 * A trivial meta agent: the oracle is a reference point, not something to improve, so it
 * changes nothing and says so.
 */
import type { MetaAgentContext } from "./types.js";

export async function improve(ctx: MetaAgentContext): Promise<string> {
  ctx.log(`pbb-oracle: node ${ctx.data.nodeId} left unchanged (a reference agent)`);
  return "no changes: the pbb oracle is a fixed reference";
}
