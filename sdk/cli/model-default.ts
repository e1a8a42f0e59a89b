/** `--model` defaults to a provider whose key is set, else to `offline`, and says which. */
export function defaultModelSpec(env: Record<string, string | undefined>): { spec: string; reason: string } {
  if (env.OPENAI_API_KEY) return { spec: "openai:gpt-4o-mini", reason: "OPENAI_API_KEY is set" };
  if (env.ANTHROPIC_API_KEY)
    return { spec: "anthropic:claude-haiku-4-5", reason: "ANTHROPIC_API_KEY is set" };
  return {
    spec: "offline",
    reason:
      "no provider key is set (OPENAI_API_KEY, ANTHROPIC_API_KEY): using the offline hyperagent, a search baseline with no LLM",
  };
}
