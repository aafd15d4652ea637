-- The server's tables: workflow definitions (registered over the API or declared in hookline.yaml)
-- and their runs. The store's migration V3 created them in earlier builds; a database made then has
-- them already, with its data, so each is created only if missing.
CREATE TABLE IF NOT EXISTS workflows (
  name       TEXT PRIMARY KEY,
  definition TEXT   NOT NULL,   -- the workflow as JSON, sealed
  origin     TEXT   NOT NULL,   -- api | config
  updated_at INTEGER NOT NULL
);

-- One row per run, written whole: at start (status running) and when it ends.
CREATE TABLE IF NOT EXISTS workflow_runs (
  id          TEXT PRIMARY KEY,   -- run_ + ULID: sorts by start
  workflow    TEXT   NOT NULL,
  status      TEXT   NOT NULL,    -- running | succeeded | failed
  document    TEXT   NOT NULL,    -- the run as JSON: inputs, steps, output, error
  started_at  INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS workflow_runs_by_workflow ON workflow_runs (workflow, id);
