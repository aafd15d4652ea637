-- The queue's oldest open delivery (Store.queueDepth, sampled every second by the server and the
-- engine): MIN(created_at) over open rows is one index seek instead of a scan of the queue.
CREATE INDEX deliveries_open_by_age ON deliveries (created_at) WHERE status IN ('pending', 'failed', 'in_flight');
