/** Contract suites, one per interface, that run under any test runner (see docs/testing.md). */
export { type ChatModelContractOptions, chatModelContract } from "./chat-model.js";
export { ENGINE_CTX, type ProgramContractOptions, programContract } from "./program.js";
export { type SandboxContractOptions, sandboxContract } from "./sandbox.js";
export { type ContractCase, type ContractOptions, type ContractSuite, contractSuite } from "./suite.js";
export { type TaskContractOptions, taskContract } from "./task.js";
