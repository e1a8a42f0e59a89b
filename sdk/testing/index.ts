// `hyperagents/testing`: public test doubles. Servers that speak the OpenAI and Anthropic wire
// formats (so the real SDK clients run against them) and a scripted ChatModel.

export { startAnthropicServer } from "./anthropic-server.js";
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
