/**
 * The Minigrid maze of jaxued (and DEGen): a W×H grid of walls with one goal, outside the grid is
 * wall; the agent has a position and a facing and acts {turn left, turn right, forward}. Reaching
 * the goal on the t-th action pays 1 − 0.9·t/maxSteps and ends the episode; so does running out of
 * steps (reward 0). The observation is the 5×5 egocentric view (agent at the bottom centre, facing
 * up, seeing through walls): a wall and a goal channel, plus the facing as a one-hot.
 */

export const VIEW = 5;
/** Observation length: VIEW² wall cells, VIEW² goal cells, 4 facings. */
export const OBS_SIZE = 2 * VIEW * VIEW + 4;
export const ACTIONS = 3;
export const LEFT = 0;
export const RIGHT = 1;
export const FORWARD = 2;
/** Facings as minigrid numbers them: 0 east (+x), 1 south (+y), 2 west, 3 north. */
export const DIRS: readonly (readonly [number, number])[] = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
];

export interface Level {
  width: number;
  height: number;
  /** 1 for a wall, row-major (index y·width + x). */
  walls: Uint8Array;
  /** The goal's cell index, −1 when the level has none. */
  goal: number;
  start: number;
  startDir: number;
  maxSteps: number;
}

export interface Pose {
  cell: number;
  dir: number;
}

/** The pose after `action`, and whether it reached the goal. */
export function move(level: Level, pose: Pose, action: number): { pose: Pose; goal: boolean } {
  if (action === LEFT) return { pose: { cell: pose.cell, dir: (pose.dir + 3) % 4 }, goal: false };
  if (action === RIGHT) return { pose: { cell: pose.cell, dir: (pose.dir + 1) % 4 }, goal: false };
  const [dx, dy] = DIRS[pose.dir]!;
  const x = (pose.cell % level.width) + dx;
  const y = Math.floor(pose.cell / level.width) + dy;
  if (x < 0 || y < 0 || x >= level.width || y >= level.height) return { pose, goal: false };
  const cell = y * level.width + x;
  if (level.walls[cell] === 1) return { pose, goal: false };
  return { pose: { cell, dir: pose.dir }, goal: cell === level.goal };
}

/** The reward for reaching the goal on the `steps`-th action of an episode. */
export function goalReward(steps: number, maxSteps: number): number {
  return 1 - (0.9 * steps) / maxSteps;
}

/** Writes the observation of `pose` into `out` (length OBS_SIZE) and returns it. */
export function observe(level: Level, pose: Pose, out = new Float32Array(OBS_SIZE)): Float32Array {
  out.fill(0);
  const [fx, fy] = DIRS[pose.dir]!;
  const [rx, ry] = DIRS[(pose.dir + 1) % 4]!;
  const ax = pose.cell % level.width;
  const ay = Math.floor(pose.cell / level.width);
  for (let row = 0; row < VIEW; row++) {
    const ahead = VIEW - 1 - row;
    for (let col = 0; col < VIEW; col++) {
      const side = col - (VIEW >> 1);
      const x = ax + ahead * fx + side * rx;
      const y = ay + ahead * fy + side * ry;
      const i = row * VIEW + col;
      if (x < 0 || y < 0 || x >= level.width || y >= level.height) {
        out[i] = 1;
        continue;
      }
      const cell = y * level.width + x;
      if (level.walls[cell] === 1) out[i] = 1;
      else if (cell === level.goal) out[VIEW * VIEW + i] = 1;
    }
  }
  out[2 * VIEW * VIEW + pose.dir] = 1;
  return out;
}

/** The grid cell under each of the view's VIEW² positions (row-major, as observe), −1 outside the grid. */
export function viewCells(level: Level, pose: Pose): Int32Array {
  const cells = new Int32Array(VIEW * VIEW);
  const [fx, fy] = DIRS[pose.dir]!;
  const [rx, ry] = DIRS[(pose.dir + 1) % 4]!;
  const ax = pose.cell % level.width;
  const ay = Math.floor(pose.cell / level.width);
  for (let row = 0; row < VIEW; row++) {
    for (let col = 0; col < VIEW; col++) {
      const ahead = VIEW - 1 - row;
      const side = col - (VIEW >> 1);
      const x = ax + ahead * fx + side * rx;
      const y = ay + ahead * fy + side * ry;
      const inside = x >= 0 && y >= 0 && x < level.width && y < level.height;
      cells[row * VIEW + col] = inside ? y * level.width + x : -1;
    }
  }
  return cells;
}

const ARROWS = ">v<^";

/**
 * A level from rows of text: `#` wall, `G` goal, one of `>v<^` the agent and its facing, anything
 * else empty. Throws on a grid that is not rectangular or lacks the agent.
 */
export function parseLevel(rows: readonly string[], maxSteps: number): Level {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const walls = new Uint8Array(width * height);
  let goal = -1;
  let start = -1;
  let startDir = 0;
  rows.forEach((line, y) => {
    if (line.length !== width) throw new RangeError(`maze row ${y} has ${line.length} cells, not ${width}`);
    [...line].forEach((char, x) => {
      const cell = y * width + x;
      if (char === "#") walls[cell] = 1;
      else if (char === "G") goal = cell;
      else if (ARROWS.includes(char)) {
        start = cell;
        startDir = ARROWS.indexOf(char);
      }
    });
  });
  if (start < 0) throw new RangeError("maze has no agent (one of > v < ^)");
  return { width, height, walls, goal, start, startDir, maxSteps };
}

/** The level as rows of text (parseLevel's inverse). */
export function formatLevel(level: Level): string[] {
  return Array.from({ length: level.height }, (_, y) =>
    Array.from({ length: level.width }, (_, x) => {
      const cell = y * level.width + x;
      if (cell === level.start) return ARROWS[level.startDir];
      if (cell === level.goal) return "G";
      return level.walls[cell] === 1 ? "#" : ".";
    }).join(""),
  );
}

/**
 * A random level as jaxued's generator makes them: walls on distinct random cells, then the goal
 * and the agent on two other cells, a random facing. The wall count is drawn uniformly from
 * walls[0]..walls[1] (jaxued fixes it at 60 on 13×13; a range gives a pool of easy, hard and
 * walled-off levels).
 */
export function randomLevel(
  random: () => number,
  size: number,
  walls: readonly [number, number],
  maxSteps: number,
): Level {
  const cells = size * size;
  const order = Array.from({ length: cells }, (_, i) => i);
  for (let i = cells - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const count = walls[0] + Math.floor(random() * (walls[1] - walls[0] + 1));
  const wallMap = new Uint8Array(cells);
  for (let k = 0; k < count; k++) wallMap[order[k]!] = 1;
  return {
    width: size,
    height: size,
    walls: wallMap,
    goal: order[count]!,
    start: order[count + 1]!,
    startDir: Math.floor(random() * 4),
    maxSteps,
  };
}
