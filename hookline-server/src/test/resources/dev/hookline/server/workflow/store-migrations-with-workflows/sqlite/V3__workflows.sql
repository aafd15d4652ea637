-- Workflow definitions (registered over the API or declared in hookline.yaml) and their runs.
CREATE TABLE workflows (
  name       TEXT PRIMARY KEY,
  definition TEXT   NOT NULL,   -- the workflow as JSON
  origin     TEXT   NOT NULL,   -- api | config
  updated_at INTEGER NOT NULL
);

-- One row per run, written whole: at start (status running) and when it ends.
CREATE TABLE workflow_runs (
  id          TEXT PRIMARY KEY,   -- run_ + ULID: sorts by start
  workflow    TEXT   NOT NULL,
  status      TEXT   NOT NULL,    -- running | succeeded | failed
  document    TEXT   NOT NULL,    -- the run as JSON: inputs, steps, output, error
  started_at  INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX workflow_runs_by_workflow ON workflow_runs (workflow, id);

-- What a native format's successful answer created (a Jira issue key, a GitHub issue URL).
ALTER TABLE deliveries ADD COLUMN result TEXT;
