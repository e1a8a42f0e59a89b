/** A trivial meta agent: the no-information baseline is a fixed reference, so it changes nothing. */
import type { MetaAgentContext } from "./types.js";

export async function improve(ctx: MetaAgentContext): Promise<string> {
  ctx.log(`pbb-no-info: node ${ctx.data.nodeId} left unchanged (a reference agent)`);
  return "no changes: the pbb no-information agent is a fixed reference";
}
