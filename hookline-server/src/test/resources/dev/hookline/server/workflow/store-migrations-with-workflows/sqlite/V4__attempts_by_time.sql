-- The dashboard's traffic figures (Store.attemptStats) read every endpoint's attempts by time.
CREATE INDEX attempts_by_time ON attempts (started_at);
