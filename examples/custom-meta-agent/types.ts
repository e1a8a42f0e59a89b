/**
 * The parts of the host's `ctx` (the ctx contract, version 1: sandbox/ctx-contract.ts) this
 * program uses; programs cannot import from outside their folder. The repository's type check
 * fails if the contract stops satisfying these declarations.
 */
export interface ChatReply {
  text: string;
}

export interface Ctx {
  files: {
    view(path: string): Promise<string>;
    create(path: string, content: string): Promise<string>;
  };
  llm: {
    generate(request: { system?: string; messages: { role: "user"; content: string }[] }): Promise<ChatReply>;
  };
  data: { iterationsLeft: number; evaluations: { nodeId: string; taskId: string; score: number | null }[] };
  log(...args: unknown[]): void;
}
