/**
 * Run variants as presets. A baseline is a name stored in run.json and resolved here, once, into
 * three small hooks: who may be a parent, whose meta agent edits the child, and what the meta
 * agent is shown (peers, and the `dgm` baselines' problem statement). The engine asks the hooks;
 * it never compares baseline names itself.
 */
import { lineage } from "../archive/archive.js";
import { latestPolicy, type SelectionPolicy } from "../archive/selection.js";
import { UserError } from "../errors.js";
import type { NodeRecord } from "../store/run-store.js";

export const BASELINE_NAMES = [
  "none",
  "no-self-improve",
  "no-archive",
  "dgm",
  "dgm-no-self-improve",
] as const;
export type BaselineName = (typeof BASELINE_NAMES)[number];

export interface BaselinePreset {
  name: BaselineName;
  /** One sentence for `--help`, the README and the report. */
  description: string;
  /** The parent policy: the run's configured policy, or the preset's own. */
  selection: (configured: SelectionPolicy) => SelectionPolicy;
  /** Whose meta agent edits the child: the parent's own program, or the initial program's (frozen). */
  metaAgent: "parent" | "initial";
  /** Which archived nodes the meta agent may read as peers (before ranking and capping). */
  peerPool: (earlier: readonly NodeRecord[], parentId: string) => readonly NodeRecord[];
  /** The DGM's fixed instruction generator writes a problem statement for the meta agent. */
  diagnose: boolean;
}

const wholeArchive = (earlier: readonly NodeRecord[]) => earlier;
const ancestorsOnly = (earlier: readonly NodeRecord[], parentId: string) => lineage(earlier, parentId);
const configured = (policy: SelectionPolicy) => policy;

const PRESETS: Record<BaselineName, BaselinePreset> = {
  none: {
    name: "none",
    description:
      "DGM-H: the parent's own meta agent edits the child, parents come from the whole archive, and peers from the whole archive are shown.",
    selection: configured,
    metaAgent: "parent",
    peerPool: wholeArchive,
    diagnose: false,
  },
  "no-self-improve": {
    name: "no-self-improve",
    description:
      "DGM-H without self-improvement: the initial program's meta agent, frozen, edits every child (it may still edit the copy's meta_agent.ts, which never runs).",
    selection: configured,
    metaAgent: "initial",
    peerPool: wholeArchive,
    diagnose: false,
  },
  "no-archive": {
    name: "no-archive",
    description:
      "DGM-H without open-ended exploration: every child extends the newest valid node, and the meta agent sees only its own lineage.",
    selection: () => latestPolicy,
    metaAgent: "parent",
    peerPool: ancestorsOnly,
    diagnose: false,
  },
  dgm: {
    name: "dgm",
    description:
      "The original DGM: a fixed instruction generator diagnoses one failed train instance of the parent and the parent's own coding (meta) agent, inherited and self-modifying, implements it.",
    selection: configured,
    metaAgent: "parent",
    peerPool: wholeArchive,
    diagnose: true,
  },
  "dgm-no-self-improve": {
    name: "dgm-no-self-improve",
    description:
      "DGM with a frozen coding agent: the fixed instruction generator's problem statement is implemented by the initial program's meta agent every time.",
    selection: configured,
    metaAgent: "initial",
    peerPool: wholeArchive,
    diagnose: true,
  },
};

export function isBaselineName(name: string): name is BaselineName {
  return (BASELINE_NAMES as readonly string[]).includes(name);
}

/** The preset for a name from options or run.json; an unknown name is the user's error. */
export function resolveBaseline(name: string): BaselinePreset {
  if (!isBaselineName(name)) {
    throw new UserError(`unknown baseline "${name}": use one of ${BASELINE_NAMES.join(", ")}`);
  }
  return PRESETS[name];
}
