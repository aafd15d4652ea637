-- Hookline schema, SQLite dialect. Times are Unix epoch milliseconds.
CREATE TABLE events (
  id          TEXT PRIMARY KEY,
  type        TEXT    NOT NULL,
  occurred_at INTEGER NOT NULL,
  accepted_at INTEGER NOT NULL,
  body        TEXT    NOT NULL,
  skips       TEXT
);
CREATE INDEX events_by_type ON events (type, accepted_at, id);
CREATE INDEX events_by_accepted ON events (accepted_at, id);

CREATE TABLE deliveries (
  id               TEXT PRIMARY KEY,   -- dlv_ + ULID: sorts in acceptance order
  event_id         TEXT    NOT NULL,
  event_type       TEXT    NOT NULL,
  endpoint_id      TEXT    NOT NULL,
  fifo             INTEGER NOT NULL DEFAULT 0,
  status           TEXT    NOT NULL,   -- pending | in_flight | failed | succeeded | dead
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  lease_owner      TEXT,
  lease_until      INTEGER,
  last_status_code INTEGER,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  completed_at     INTEGER
);
-- Work to do: pending and failed deliveries by when they are due, and in-flight ones by when
-- their lease lapses (a leased delivery's next_attempt_at is its lease expiry), so one index
-- and one query serve both claims.
CREATE INDEX deliveries_work ON deliveries (next_attempt_at) WHERE status IN ('pending', 'failed', 'in_flight');
CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint_id, id);
CREATE INDEX deliveries_by_event ON deliveries (event_id);
-- Dead letters and failing deliveries, listed by status.
CREATE INDEX deliveries_problems ON deliveries (status, id) WHERE status IN ('failed', 'dead');
-- Retention: succeeded deliveries by completion time.
CREATE INDEX deliveries_succeeded ON deliveries (completed_at) WHERE status = 'succeeded';
-- FIFO claims look for an earlier unfinished delivery of the same endpoint.
CREATE INDEX deliveries_fifo_open ON deliveries (endpoint_id, id) WHERE fifo = 1 AND status IN ('pending', 'failed', 'in_flight');

CREATE TABLE attempts (
  delivery_id      TEXT    NOT NULL,
  endpoint_id      TEXT NOT NULL,
  number           INTEGER NOT NULL,
  started_at       INTEGER NOT NULL,
  duration_ms      INTEGER NOT NULL,
  status_code      INTEGER,
  error            TEXT,
  response_snippet TEXT,
  node             TEXT    NOT NULL,
  PRIMARY KEY (delivery_id, number)
) WITHOUT ROWID;
CREATE INDEX attempts_by_endpoint ON attempts (endpoint_id, started_at);
