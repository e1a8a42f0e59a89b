/**
 * Contract suites without a test framework: a suite is a name and a list of cases, each an async
 * function that throws (node:assert) when the implementation breaks the contract. Run the cases
 * under any runner (`for (const c of suite.cases) it(c.name, c.run)`).
 *
 * An implementation declares what it does not support as gaps (case name -> reason). A gapped
 * case keeps its `run`, turned around: it passes while the gap exists and fails once the case
 * passes, so a fixed gap cannot stay declared. A gap naming no case fails when the suite is built.
 */
import { AssertionError } from "node:assert";
import { UserError } from "../../errors.js";

export interface ContractCase {
  name: string;
  /**
   * Checks the contract; rejects with an assertion error on a breach. For a gapped case: resolves
   * while the gap exists, rejects once the case passes (remove the gap then).
   */
  run: () => Promise<void>;
  /** Set for a declared gap: the reason given. */
  skip?: string;
}

export interface ContractSuite {
  name: string;
  cases: ContractCase[];
}

export interface ContractOptions {
  /** Cases this implementation does not meet, by name, each with the reason. */
  gaps?: Readonly<Record<string, string>>;
}

/** Builds a suite from its cases and the implementation's gaps (see the file comment). */
export function contractSuite(
  name: string,
  cases: readonly { name: string; run: () => Promise<void> }[],
  gaps: Readonly<Record<string, string>> = {},
): ContractSuite {
  const names = new Set(cases.map((c) => c.name));
  for (const [gap, reason] of Object.entries(gaps)) {
    if (!names.has(gap))
      throw new UserError(
        `${name}: the gap "${gap}" names no case of this suite; use one of: ${[...names].map((n) => `"${n}"`).join(", ")}`,
      );
    if (reason.trim() === "") throw new UserError(`${name}: the gap "${gap}" needs a reason`);
  }
  return {
    name,
    cases: cases.map((c) => {
      const reason = gaps[c.name];
      if (reason === undefined) return { name: c.name, run: c.run };
      return { name: c.name, skip: reason, run: () => expectGap(name, c.name, reason, c.run) };
    }),
  };
}

async function expectGap(
  suite: string,
  name: string,
  reason: string,
  run: () => Promise<void>,
): Promise<void> {
  try {
    await run();
  } catch {
    return;
  }
  throw new AssertionError({
    message: `${suite}: "${name}" is declared as a gap (${reason}) but passes: remove the gap`,
  });
}
