// `hyperagents/testing`: public test doubles. Servers that speak the OpenAI and Anthropic wire
// formats (so the real SDK clients run against them), a scripted ChatModel, and a contract suite
// per interface (ChatModel, Task, Sandbox, program) to run over your own implementations.

export { startAnthropicServer } from "./anthropic-server.js";
export {
  type ChatModelContractOptions,
  type ContractCase,
  type ContractOptions,
  type ContractSuite,
  chatModelContract,
  contractSuite,
  ENGINE_CTX,
  type ProgramContractOptions,
  programContract,
  type SandboxContractOptions,
  sandboxContract,
  type TaskContractOptions,
  taskContract,
} from "./contracts/index.js";
export { startOpenAIServer } from "./openai-server.js";
export { type ScriptedModel, type ScriptedReply, scriptedModel } from "./scripted-model.js";
export type {
  RecordedRequest,
  StubError,
  StubHandler,
  StubRaw,
  StubReply,
  StubResponse,
  StubServer,
  StubToolCall,
} from "./stub-server.js";
export { createSyntheticRun, type SyntheticRunOptions } from "./synthetic-run.js";
export { type ToyTaskOptions, toyTask, writeToyProgram } from "./toy-task.js";
