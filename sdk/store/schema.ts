/**
 * The run store's SQLite schema. `run.sqlite` is a persisted format: bump SCHEMA_VERSION on any
 * change, add a migration, and keep a frozen fixture of every version (see run-store.test.ts).
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS generations (
  generation INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('running', 'done')),
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE TABLE IF NOT EXISTS nodes (
  id TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES nodes(id),
  generation INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  -- The node whose meta agent wrote this one (the parent in DGM-H; fixed in some baselines).
  created_by TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'valid', 'invalid')),
  reject_stage TEXT,
  reject_reason TEXT,
  commit_sha TEXT,
  tree TEXT,
  duplicate_of TEXT,
  -- Whether this node may still be chosen as a parent (cleared when its meta agent failed).
  selectable INTEGER NOT NULL DEFAULT 1,
  -- Whether this program's own select_parent.ts may pick parents (cleared when it failed).
  can_select INTEGER NOT NULL DEFAULT 1,
  compiled INTEGER NOT NULL DEFAULT 0,
  -- Mean over tasks of the selection-split score; NULL until evaluated.
  score REAL,
  diff_lines INTEGER,
  meta_ms REAL,
  eval_ms REAL,
  summary TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  UNIQUE (generation, slot)
);
CREATE INDEX IF NOT EXISTS nodes_parent ON nodes(parent_id);
CREATE TABLE IF NOT EXISTS scores (
  node_id TEXT NOT NULL REFERENCES nodes(id),
  task_id TEXT NOT NULL,
  split TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('sample', 'full')),
  score REAL NOT NULL,
  evaluated INTEGER NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (node_id, task_id, split)
);
CREATE TABLE IF NOT EXISTS evaluations (
  node_id TEXT NOT NULL REFERENCES nodes(id),
  task_id TEXT NOT NULL,
  split TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  score REAL NOT NULL,
  error TEXT,
  details TEXT,
  wall_ms REAL NOT NULL,
  PRIMARY KEY (node_id, task_id, split, instance_id)
);
CREATE TABLE IF NOT EXISTS model_calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  node_id TEXT,
  role TEXT NOT NULL,
  model TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  cached INTEGER NOT NULL DEFAULT 0,
  latency_ms REAL NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS model_calls_node ON model_calls(node_id);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  node_id TEXT,
  generation INTEGER,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;
