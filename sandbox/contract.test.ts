import { sandboxContract } from "../sdk/testing/contracts/sandbox.js";
import { runContractSuite } from "../sdk/testing/contracts/test-support.js";
import { createSandbox } from "./create-sandbox.js";

runContractSuite(sandboxContract(() => createSandbox(), { name: "Sandbox contract: reused isolates" }));
runContractSuite(
  sandboxContract(() => createSandbox({}, { reuseIsolates: false }), {
    name: "Sandbox contract: fresh isolates",
  }),
);
