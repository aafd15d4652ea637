-- Endpoints managed by a Hookline server (created over the API or declared in hookline.yaml),
-- shared by every node on this store. definition is the endpoint's JSON (DESIGN §3).
CREATE TABLE endpoints (
  id         TEXT PRIMARY KEY,
  definition TEXT   NOT NULL,
  origin     TEXT   NOT NULL,   -- api | config
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
