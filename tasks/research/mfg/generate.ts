/**
 * The task's data: which games to solve. Test rows are the policy table to fill, one per
 * (game, t, noise node, state); the test games are both LQ sizes and three beach-bar locations per
 * size, drawn from the seed. Train rows describe development games (other bar locations, and the
 * LQ games, which have no free parameter) for tuning. The labels carry each test game's
 * normaliser, the uniform policy's exact exploitability.
 */
import type { AirsSplits, Row } from "../../airs/format.js";
import { exploitability } from "./kit/exploitability.js";
import { uniformPolicy } from "./kit/flow.js";
import { barRange, type Game, type GameSize, makeGame } from "./kit/games.js";
import { deriveSeed, seededRandom } from "./kit/random.js";
import { policyKeys } from "./kit/table.js";

export const BARS_PER_SIZE = { test: 3, train: 3 } as const;

/** `count` distinct bar locations of a size, avoiding `taken`, in increasing order. */
function drawBars(seed: number, size: GameSize, count: number, taken: readonly number[] = []): number[] {
  const random = seededRandom(deriveSeed(seed, "bars", size, taken.length));
  const [lo, hi] = barRange(size);
  const bars = new Set<number>();
  while (bars.size < count) {
    const bar = lo + Math.floor(random() * (hi - lo));
    if (!taken.includes(bar)) bars.add(bar);
  }
  return [...bars].sort((a, b) => a - b);
}

/** The test games and the development games of a seed. */
export function gameIds(seed: number): { test: string[]; train: string[] } {
  const test = ["lq", "lq-lite"];
  const train = ["lq", "lq-lite"];
  for (const size of ["original", "lite"] as const) {
    const name = size === "lite" ? "beach-bar-lite" : "beach-bar";
    const testBars = drawBars(seed, size, BARS_PER_SIZE.test);
    test.push(...testBars.map((bar) => `${name}-b${bar}`));
    train.push(...drawBars(seed, size, BARS_PER_SIZE.train, testBars).map((bar) => `${name}-b${bar}`));
  }
  return { test, train };
}

/** The uniform policy's exact exploitability: the yardstick each game's score is divided by. */
export function uniformExploitability(game: Game): number {
  return exploitability(game, uniformPolicy(game)).exploitability;
}

function describe(game: Game): Row {
  return {
    game: game.id,
    kind: game.spec.kind,
    size: game.spec.size,
    bar: game.spec.bar ?? null,
    states: game.nStates,
    actions: [...game.actions],
    horizon: game.horizon,
    gamma: game.gamma,
    noise: game.nodes.map((nodes) => nodes.map((node) => node.label)),
    uniform_exploitability: uniformExploitability(game),
  };
}

export function generate(seed: number): AirsSplits {
  const ids = gameIds(seed);
  const test: Row[] = [];
  const testWithLabels: Row[] = [];
  for (const id of ids.test) {
    const game = makeGame(id);
    const normaliser = uniformExploitability(game);
    for (const key of policyKeys(game)) {
      test.push({ ...key });
      testWithLabels.push({ ...key, uniform_exploitability: normaliser });
    }
  }
  return { train: ids.train.map((id) => describe(makeGame(id))), test, testWithLabels };
}
