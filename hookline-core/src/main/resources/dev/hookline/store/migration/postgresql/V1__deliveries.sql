-- Hookline schema, PostgreSQL dialect. Times are Unix epoch milliseconds.
CREATE TABLE events (
  id          TEXT COLLATE "C" PRIMARY KEY,
  type        TEXT    NOT NULL,
  occurred_at BIGINT NOT NULL,
  accepted_at BIGINT NOT NULL,
  body        TEXT    NOT NULL,
  skips       TEXT
);
CREATE INDEX events_by_type ON events (type, id);

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
-- Claims scan only deliveries that still need work.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN ('pending', 'failed');
CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE status = 'in_flight';
CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint_id, id);
-- FIFO claims look for an earlier unfinished delivery of the same endpoint.
CREATE INDEX deliveries_open_by_endpoint ON deliveries (endpoint_id, id) WHERE status IN ('pending', 'failed', 'in_flight');
CREATE INDEX deliveries_by_event ON deliveries (event_id);
CREATE INDEX deliveries_by_status ON deliveries (status, id);
CREATE INDEX deliveries_completed ON deliveries (completed_at) WHERE status = 'succeeded';

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
