/** Runs a contract suite under Vitest (tests only; not part of the package). */
import { describe, it } from "vitest";
import type { ContractSuite } from "./suite.js";

/**
 * One test per case. A declared gap is run too, as "known gap": it passes while the gap exists
 * and fails once the case passes, so our own suites never skip.
 */
export function runContractSuite(suite: ContractSuite, options: { timeoutMs?: number } = {}): void {
  describe(suite.name, () => {
    for (const c of suite.cases) {
      const name = c.skip === undefined ? c.name : `${c.name} (known gap: ${c.skip})`;
      it(name, c.run, options.timeoutMs ?? 120_000);
    }
  });
}
