-- Hookline schema, PostgreSQL dialect. Times are Unix epoch milliseconds.
CREATE TABLE events (
  id          TEXT COLLATE "C" PRIMARY KEY,
  type        TEXT    NOT NULL,
  occurred_at BIGINT NOT NULL,
  accepted_at BIGINT NOT NULL,
  body        TEXT    NOT NULL,
  skips       TEXT
);
CREATE INDEX events_by_type ON events (type, accepted_at, id);
CREATE INDEX events_by_accepted ON events (accepted_at, id);

CREATE TABLE deliveries (
  id               TEXT COLLATE "C" PRIMARY KEY,   -- dlv_ + ULID: sorts in acceptance order
  event_id         TEXT COLLATE "C" NOT NULL,
  event_type       TEXT    NOT NULL,
  endpoint_id      TEXT COLLATE "C" NOT NULL,
  fifo             INTEGER NOT NULL DEFAULT 0,
  status           TEXT    NOT NULL,   -- pending | in_flight | failed | succeeded | dead
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT NOT NULL,
  lease_owner      TEXT,
  lease_until      BIGINT,
  last_status_code INTEGER,
  last_error       TEXT,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  completed_at     BIGINT
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
  delivery_id      TEXT COLLATE "C" NOT NULL,
  endpoint_id      TEXT COLLATE "C" NOT NULL,
  number           INTEGER NOT NULL,
  started_at       BIGINT NOT NULL,
  duration_ms      BIGINT NOT NULL,
  status_code      INTEGER,
  error            TEXT,
  response_snippet TEXT,
  node             TEXT    NOT NULL,
  PRIMARY KEY (delivery_id, number)
);
CREATE INDEX attempts_by_endpoint ON attempts (endpoint_id, started_at);

-- Rate limits shared by every node: a counter per endpoint, limit window and fixed slot; the
-- sliding window is estimated from the current and the previous slot.
CREATE TABLE rate_counters (
  limiter_key  TEXT COLLATE "C" NOT NULL,
  window_ms    BIGINT NOT NULL,
  slot_start   BIGINT NOT NULL,
  count        INTEGER NOT NULL,
  PRIMARY KEY (limiter_key, window_ms, slot_start)
);
