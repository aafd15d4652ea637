package dev.hookline.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookline.event.Event;
import dev.hookline.event.EventLimits;
import dev.hookline.internal.Threads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The SQL both stores share; subclasses supply connections and the few dialect differences. */
abstract class JdbcStore implements Store {
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder().streamReadConstraints(EventLimits.readConstraints()).build())
          .build();
  private static final TypeReference<LinkedHashMap<String, String>> SKIPS =
      new TypeReference<>() {};

  static final String DELIVERY_COLUMNS =
      "id, event_id, event_type, endpoint_id, status, attempts, next_attempt_at, created_at,"
          + " updated_at, completed_at, last_status_code, last_error, result";
  private static final String OPEN = "('pending', 'failed', 'in_flight')";

  /** The ULID alphabet (Crockford's base32), in sort order. */
  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private final String description;
  private final HikariDataSource readPool;
  private final HikariDataSource writePool;
  private final GroupCommit writer;
  private final Sealer sealer;
  private CompletableFuture<Boolean> ping; // guarded by this

  JdbcStore(
      String description,
      HikariDataSource readPool,
      HikariDataSource writePool,
      int writers,
      int maxBatch,
      Sealer sealer) {
    this.description = description;
    this.sealer = sealer;
    this.readPool = readPool;
    this.writePool = writePool;
    this.writer = new GroupCommit(description, writePool, writers, maxBatch);
  }

  /** {@code FOR UPDATE SKIP LOCKED} where rows can be contended, empty for a single writer. */
  abstract String lockClause();

  @Override
  public String describe() {
    return description;
  }

  // ---- accept ---------------------------------------------------------------------------------

  final class AcceptOp extends GroupCommit.BatchOp<Accepted, AcceptOp> {
    final Event event;
    // Encoded by the caller's thread, so the single writer only writes.
    final String body;
    final String skipsJson;
    final List<NewDelivery> deliveries;
    final Map<String, String> skips;
    final Instant now;
    final Optional<Lease> lease;

    AcceptOp(
        Event event,
        String json,
        List<NewDelivery> deliveries,
        Map<String, String> skips,
        Instant now,
        Optional<Lease> lease) {
      super(AcceptOp.class);
      this.event = event;
      this.body = json;
      this.skipsJson = skips.isEmpty() ? null : toJson(skips);
      this.deliveries = deliveries;
      this.skips = skips;
      this.now = now;
      this.lease = lease;
    }

    @Override
    void runAll(Connection c, List<AcceptOp> ops) throws SQLException {
      acceptAll(c, ops);
    }
  }

  private void acceptAll(Connection c, List<AcceptOp> ops) throws SQLException {
    // FIFO deliveries are claimed in id order, so one endpoint's ids must grow in commit order:
    // otherwise a delivery committed first but numbered later is sent at once, and the earlier
    // number, committed just after, is sent while it is in flight. Accepts for a FIFO endpoint
    // are serialised until commit, and each new id is made greater than the endpoint's last.
    SortedSet<String> fifo = new TreeSet<>();
    for (AcceptOp op : ops) {
      for (NewDelivery nd : op.deliveries) {
        if (nd.fifo()) {
          fifo.add(nd.endpointId());
        }
      }
    }
    if (!fifo.isEmpty()) {
      lockFifoEndpoints(c, fifo);
    }
    boolean[] inserted = insertEvents(c, ops);
    Map<String, String> lastFifoIds = lastIds(c, fifo);
    List<DeliveryRow> rows = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      AcceptOp op = ops.get(i);
      if (!inserted[i]) {
        op.result = new Accepted(false, List.of());
        continue;
      }
      List<Delivery> created = new ArrayList<>(op.deliveries.size());
      for (NewDelivery nd : op.deliveries) {
        Lease lease = nd.fifo() ? null : op.lease.orElse(null);
        String id = Event.newId("dlv_");
        if (nd.fifo()) {
          String last = lastFifoIds.get(nd.endpointId());
          if (last != null && id.compareTo(last) <= 0) {
            // This node's clock is behind the node that accepted the last one.
            id = successor(last);
          }
          lastFifoIds.put(nd.endpointId(), id);
        }
        Delivery d =
            new Delivery(
                id,
                op.event.id(),
                op.event.type(),
                nd.endpointId(),
                lease != null ? DeliveryStatus.IN_FLIGHT : DeliveryStatus.PENDING,
                lease != null ? 1 : 0,
                op.now,
                op.now,
                op.now,
                Optional.empty(),
                OptionalInt.empty(),
                Optional.empty(),
                Optional.empty());
        rows.add(new DeliveryRow(d, nd.fifo(), lease));
        created.add(d);
      }
      op.result = new Accepted(true, created);
    }
    if (!rows.isEmpty()) {
      insertDeliveries(c, rows);
    }
  }

  /** A new delivery row; a delivery handed to the accepting node carries its lease. */
  record DeliveryRow(Delivery delivery, boolean fifo, Lease lease) {
    /** When it is due: now, or for a leased one when its lease lapses (see deliveries_work). */
    long nextAttemptAt() {
      return lease != null ? lease.until().toEpochMilli() : delivery.createdAt().toEpochMilli();
    }
  }

  /**
   * Inserts the events of {@code ops}, skipping ids already stored (or earlier in {@code ops}).
   *
   * @return for each op, whether its event was inserted
   */
  boolean[] insertEvents(Connection c, List<AcceptOp> ops) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO events (id, type, occurred_at, accepted_at, body, skips)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      for (AcceptOp op : ops) {
        ps.setString(1, op.event.id());
        ps.setString(2, op.event.type());
        ps.setLong(3, op.event.timestamp().toEpochMilli());
        ps.setLong(4, op.now.toEpochMilli());
        ps.setString(5, op.body);
        ps.setString(6, op.skipsJson);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      boolean[] inserted = new boolean[counts.length];
      for (int i = 0; i < counts.length; i++) {
        inserted[i] = counts[i] != 0;
      }
      return inserted;
    }
  }

  /** Inserts new deliveries. */
  void insertDeliveries(Connection c, List<DeliveryRow> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO deliveries (id, event_id, event_type, endpoint_id, fifo, status, attempts,"
                + " next_attempt_at, lease_owner, lease_until, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (DeliveryRow row : rows) {
        Delivery d = row.delivery();
        long now = d.createdAt().toEpochMilli();
        ps.setString(1, d.id());
        ps.setString(2, d.eventId());
        ps.setString(3, d.eventType());
        ps.setString(4, d.endpointId());
        ps.setInt(5, row.fifo() ? 1 : 0);
        ps.setString(6, d.status().wireName());
        ps.setInt(7, d.attempts());
        ps.setLong(8, row.nextAttemptAt());
        if (row.lease() != null) {
          ps.setString(9, row.lease().node());
          ps.setLong(10, row.lease().until().toEpochMilli());
        } else {
          ps.setNull(9, Types.VARCHAR);
          ps.setNull(10, Types.BIGINT);
        }
        ps.setLong(11, now);
        ps.setLong(12, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Holds, until the transaction ends, a lock per endpoint that only accepts of FIFO deliveries
   * take, so that they commit one after another. Taken before the accept writes anything and in one
   * order, so accepts cannot deadlock on them. No-op where there is a single writer.
   */
  abstract void lockFifoEndpoints(Connection c, SortedSet<String> endpointIds) throws SQLException;

  /** The greatest delivery id of each endpoint that has any (ids sort in acceptance order). */
  private static Map<String, String> lastIds(Connection c, SortedSet<String> endpointIds)
      throws SQLException {
    Map<String, String> last = new HashMap<>();
    if (endpointIds.isEmpty()) {
      return last;
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MAX(id) FROM deliveries WHERE endpoint_id = ?")) {
      for (String endpointId : endpointIds) {
        ps.setString(1, endpointId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getString(1) != null) {
            last.put(endpointId, rs.getString(1));
          }
        }
      }
    }
    return last;
  }

  /** The id right after {@code id} in sort order: its ULID plus one. */
  static String successor(String id) {
    char[] chars = id.toCharArray();
    for (int i = chars.length - 1; i >= 0; i--) {
      int digit = CROCKFORD.indexOf(chars[i]);
      if (digit < 0) {
        break;
      }
      if (digit < CROCKFORD.length() - 1) {
        chars[i] = CROCKFORD.charAt(digit + 1);
        return new String(chars);
      }
      chars[i] = CROCKFORD.charAt(0);
    }
    throw new StoreException("there is no delivery id after " + id);
  }

  @Override
  public Accepted accept(
      Event event,
      List<NewDelivery> deliveries,
      Map<String, String> skips,
      Instant now,
      Optional<Lease> lease) {
    return writer.submit(
        new AcceptOp(event, event.toJson(), List.copyOf(deliveries), skips, now, lease));
  }

  @Override
  public List<Accepted> acceptAll(List<NewEvent> events, Instant now, Optional<Lease> lease) {
    List<CompletableFuture<Accepted>> futures = new ArrayList<>(events.size());
    for (NewEvent e : events) {
      futures.add(
          writer.submitAsync(
              new AcceptOp(e.event(), e.json(), e.deliveries(), e.skips(), now, lease)));
    }
    List<Accepted> out = new ArrayList<>(futures.size());
    StoreException failure = null;
    for (CompletableFuture<Accepted> f : futures) {
      try {
        out.add(writer.await(f));
      } catch (StoreException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      // Some events committed, some did not. The caller is told the batch failed and sends
      // nothing, so what committed already leased to it is given back for the claimer to send.
      List<Release> leased = new ArrayList<>();
      for (Accepted a : out) {
        for (Delivery d : a.deliveries()) {
          if (d.status() == DeliveryStatus.IN_FLIGHT && lease.isPresent()) {
            leased.add(new Release(d.id(), d.attempts(), now, lease.get().node()));
          }
        }
      }
      try {
        release(leased, now);
      } catch (StoreException e) {
        failure.addSuppressed(e);
      }
      if (!out.isEmpty() && !failure.outcomeUnknown()) {
        // Part of the batch is stored: the caller cannot be told "nothing was stored".
        throw new StoreException(
            description
                + ": "
                + out.size()
                + " of "
                + events.size()
                + " events were stored, the others failed: "
                + failure.getMessage(),
            failure,
            true);
      }
      throw failure;
    }
    return out;
  }

  // ---- claim, complete, release ---------------------------------------------------------------

  @Override
  public List<Claimed> claim(Lease lease, int limit, Instant now) {
    if (limit <= 0) {
      return List.of();
    }
    return writer
        .submit(
            new GroupCommit.Op<RawClaims>() {
              @Override
              RawClaims run(Connection c) throws SQLException {
                List<Delivery> claimed = new ArrayList<>();
                long nowMs = now.toEpochMilli();
                long until = lease.until().toEpochMilli();
                // Due pending and failed deliveries, and in-flight ones whose lease lapsed (their
                // node is presumed dead): all are rows of deliveries_work with next_attempt_at <=
                // now. A lapsed one says so in last_error, and the attempt its node was making is
                // recorded with an unknown outcome (recordLapsed).
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE deliveries SET status = 'in_flight', attempts = attempts + 1,"
                            + " lease_owner = ?, lease_until = ?, next_attempt_at = ?, updated_at = ?,"
                            + " last_error = CASE WHEN status = 'in_flight' THEN '"
                            + LAPSED
                            + "' || lease_owner || ''' lapsed while it held this delivery (it may"
                            + " or may not have been sent)' ELSE last_error END"
                            + " WHERE id IN (SELECT d.id FROM deliveries d"
                            + " WHERE d.status IN "
                            + OPEN
                            + " AND d.next_attempt_at <= ?"
                            + " AND (d.fifo = 0 OR NOT EXISTS (SELECT 1 FROM deliveries p"
                            + " WHERE p.fifo = 1 AND p.endpoint_id = d.endpoint_id AND p.id < d.id"
                            + " AND p.status IN "
                            + OPEN
                            + ")) ORDER BY d.next_attempt_at LIMIT ? "
                            + lockClause()
                            + ") RETURNING "
                            + DELIVERY_COLUMNS)) {
                  ps.setString(1, lease.node());
                  ps.setLong(2, until);
                  ps.setLong(3, until);
                  ps.setLong(4, nowMs);
                  ps.setLong(5, nowMs);
                  ps.setInt(6, limit);
                  readDeliveries(ps, claimed);
                }
                recordLapsed(c, claimed, nowMs);
                // A delivery whose event is gone (a database edited by hand, say) is handed over
                // all the same, as Claimed.eventMissing: the dispatcher ends it dead, visibly.
                return bodies(c, claimed);
              }
            })
        .parse();
  }

  private static final String LAPSED = "outcome unknown: the lease of node ''";

  /** Records the attempts that claimed deliveries' lapsed leases cut short (see claim). */
  private static void recordLapsed(Connection c, List<Delivery> claimed, long nowMs)
      throws SQLException {
    String marker = LAPSED.replace("''", "'");
    PreparedStatement ps = null;
    try {
      for (Delivery d : claimed) {
        String error = d.lastError().orElse("");
        if (!error.startsWith(marker) || d.attempts() < 2) {
          continue;
        }
        int end = error.indexOf('\'', marker.length());
        String node = end < 0 ? "unknown" : error.substring(marker.length(), end);
        if (ps == null) {
          ps =
              c.prepareStatement(
                  "INSERT INTO attempts (delivery_id, endpoint_id, number, started_at, duration_ms,"
                      + " status_code, error, response_snippet, node)"
                      + " VALUES (?, ?, ?, ?, 0, NULL, ?, NULL, ?)"
                      + " ON CONFLICT (delivery_id, number) DO NOTHING");
        }
        ps.setString(1, d.id());
        ps.setString(2, d.endpointId());
        ps.setInt(3, d.attempts() - 1);
        ps.setLong(4, nowMs);
        ps.setString(5, error);
        ps.setString(6, node);
        ps.addBatch();
      }
      if (ps != null) {
        ps.executeBatch();
      }
    } finally {
      if (ps != null) {
        ps.close();
      }
    }
  }

  /** Claimed deliveries with their events' stored JSON (parsed only if needed, off the writer). */
  private record RawClaims(List<Delivery> deliveries, Map<String, String> bodies) {
    List<Claimed> parse() {
      if (deliveries.isEmpty()) {
        return List.of();
      }
      List<Claimed> out = new ArrayList<>(deliveries.size());
      for (Delivery d : deliveries) {
        String body = bodies.get(d.eventId());
        out.add(body == null ? Claimed.eventMissing(d) : Claimed.parsedLazily(d, body));
      }
      return out;
    }
  }

  private RawClaims bodies(Connection c, List<Delivery> deliveries) throws SQLException {
    Map<String, String> bodies = new HashMap<>();
    if (deliveries.isEmpty()) {
      return new RawClaims(List.of(), bodies);
    }
    List<String> ids = deliveries.stream().map(Delivery::eventId).distinct().toList();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, body FROM events WHERE id IN (" + placeholders(chunk.size()) + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            bodies.put(rs.getString(1), rs.getString(2));
          }
        }
      }
    }
    return new RawClaims(deliveries, bodies);
  }

  private final class CompleteOp extends GroupCommit.BatchOp<Set<String>, CompleteOp> {
    final List<Completion> completions;
    final Instant now;

    CompleteOp(List<Completion> completions, Instant now) {
      super(CompleteOp.class);
      this.completions = completions;
      this.now = now;
    }

    @Override
    void runAll(Connection c, List<CompleteOp> ops) throws SQLException {
      completeAll(c, ops);
    }
  }

  private void completeAll(Connection c, List<CompleteOp> ops) throws SQLException {
    List<CompletedRow> rows = new ArrayList<>();
    for (CompleteOp op : ops) {
      long now = op.now.toEpochMilli();
      for (Completion done : op.completions) {
        rows.add(new CompletedRow(done, now));
      }
    }
    if (!lockClause().isEmpty()) {
      // Rows are updated in id order whichever op they came from: concurrent writers (and lease
      // renewals) then lock rows in one order and cannot deadlock.
      rows.sort(java.util.Comparator.comparing(CompletedRow::deliveryId));
    }
    insertAttempts(c, rows);
    Set<String> stale = updateCompleted(c, rows);
    for (CompleteOp op : ops) {
      Set<String> mine = new HashSet<>();
      for (Completion done : op.completions) {
        if (stale.contains(done.attempt().deliveryId())) {
          mine.add(done.attempt().deliveryId());
        }
      }
      op.result = Set.copyOf(mine);
    }
  }

  /** A completion and when it was stored. */
  record CompletedRow(Completion completion, long now) {
    String deliveryId() {
      return completion.attempt().deliveryId();
    }

    /** Set for final outcomes only. */
    Long completedAt() {
      return completion.status().isFinal() ? now : null;
    }
  }

  /** Inserts the attempts of {@code rows} (an attempt already stored is kept as it is). */
  void insertAttempts(Connection c, List<CompletedRow> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO attempts (delivery_id, endpoint_id, number, started_at, duration_ms,"
                + " status_code, error, response_snippet, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (delivery_id, number) DO NOTHING")) {
      for (CompletedRow row : rows) {
        Attempt a = row.completion().attempt();
        ps.setString(1, a.deliveryId());
        ps.setString(2, a.endpointId());
        ps.setInt(3, a.number());
        ps.setLong(4, a.startedAt().toEpochMilli());
        ps.setLong(5, a.duration().toMillis());
        setInt(ps, 6, a.statusCode());
        ps.setString(7, a.error().orElse(null));
        ps.setString(8, a.responseSnippet().orElse(null));
        ps.setString(9, a.node());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Stores each outcome on its delivery and gives its lease up, unless another attempt or node has
   * taken the delivery since; returns the ids of those left unchanged for that reason.
   */
  Set<String> updateCompleted(Connection c, List<CompletedRow> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE deliveries SET status = ?, next_attempt_at = ?, lease_owner = NULL,"
                + " lease_until = NULL, last_status_code = ?, last_error = ?, updated_at = ?,"
                + " completed_at = ?, result = COALESCE(?, result)"
                + " WHERE id = ? AND lease_owner = ? AND attempts = ?")) {
      for (CompletedRow row : rows) {
        Completion done = row.completion();
        Attempt a = done.attempt();
        ps.setString(1, done.status().wireName());
        ps.setLong(2, done.nextAttemptAt().toEpochMilli());
        setInt(ps, 3, a.statusCode());
        ps.setString(4, a.error().orElse(null));
        ps.setLong(5, row.now());
        if (row.completedAt() != null) {
          ps.setLong(6, row.completedAt());
        } else {
          ps.setNull(6, Types.BIGINT);
        }
        ps.setString(7, done.result().orElse(null));
        ps.setString(8, a.deliveryId());
        ps.setString(9, done.node());
        ps.setInt(10, a.number());
        ps.addBatch();
      }
      int[] updated = ps.executeBatch();
      Set<String> stale = new HashSet<>();
      for (int i = 0; i < rows.size(); i++) {
        if (updated[i] == 0) { // SUCCESS_NO_INFO (-2) counts as applied
          stale.add(rows.get(i).deliveryId());
        }
      }
      return stale;
    }
  }

  @Override
  public Set<String> complete(List<Completion> completions, Instant now) {
    if (completions.isEmpty()) {
      return Set.of();
    }
    return writer.submit(new CompleteOp(List.copyOf(completions), now));
  }

  @Override
  public void release(List<Release> releases, Instant now) {
    if (releases.isEmpty()) {
      return;
    }
    writer.submit(
        new GroupCommit.Op<Void>() {
          @Override
          Void run(Connection c) throws SQLException {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE deliveries SET attempts = attempts - 1, status = CASE WHEN attempts = 1"
                        + " THEN 'pending' ELSE 'failed' END, next_attempt_at = ?,"
                        + " lease_owner = NULL, lease_until = NULL, updated_at = ?"
                        + " WHERE id = ? AND lease_owner = ? AND attempts = ?"
                        + " AND status = 'in_flight'")) {
              List<Release> ordered = new ArrayList<>(releases);
              ordered.sort(java.util.Comparator.comparing(Release::deliveryId));
              for (Release r : ordered) {
                ps.setLong(1, r.nextAttemptAt().toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                ps.setString(3, r.deliveryId());
                ps.setString(4, r.node());
                ps.setInt(5, r.attemptNumber());
                ps.addBatch();
              }
              ps.executeBatch();
            }
            return null;
          }
        });
  }

  @Override
  public int recover(String node, Instant now) {
    return writer.submit(
        new GroupCommit.Op<>() {
          @Override
          Integer run(Connection c) throws SQLException {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO attempts (delivery_id, endpoint_id, number, started_at,"
                        + " duration_ms, status_code, error, response_snippet, node)"
                        + " SELECT id, endpoint_id, attempts, updated_at, 0, NULL, ?, NULL,"
                        + " lease_owner FROM deliveries WHERE lease_owner = ?"
                        + " AND status = 'in_flight' ON CONFLICT (delivery_id, number) DO NOTHING")) {
              ps.setString(
                  1,
                  "outcome unknown: node '"
                      + node
                      + "' stopped while it held this delivery (it may or may not have been sent)");
              ps.setString(2, node);
              ps.executeUpdate();
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE deliveries SET status = 'failed', next_attempt_at = ?,"
                        + " lease_owner = NULL, lease_until = NULL, updated_at = ?,"
                        + " last_error = 'outcome unknown: interrupted by a restart'"
                        + " WHERE lease_owner = ? AND status = 'in_flight'")) {
              ps.setLong(1, now.toEpochMilli());
              ps.setLong(2, now.toEpochMilli());
              ps.setString(3, node);
              return ps.executeUpdate();
            }
          }
        });
  }

  @Override
  public int renewLeases(Lease lease, Collection<String> deliveryIds, Instant now) {
    if (deliveryIds.isEmpty()) {
      return 0;
    }
    // Sorted, so concurrent writers lock rows in one order (PostgreSQL).
    List<String> ids = new ArrayList<>(deliveryIds);
    java.util.Collections.sort(ids);
    return writer.submit(
        new GroupCommit.Op<>() {
          @Override
          Integer run(Connection c) throws SQLException {
            int renewed = 0;
            for (int from = 0; from < ids.size(); from += 500) {
              List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE deliveries SET lease_until = ?, next_attempt_at = ? WHERE id IN"
                          + " (SELECT id FROM deliveries WHERE id IN ("
                          + placeholders(chunk.size())
                          + ") AND lease_owner = ? AND status = 'in_flight' ORDER BY id"
                          + (lockClause().isEmpty() ? "" : " FOR UPDATE")
                          + ")")) {
                ps.setLong(1, lease.until().toEpochMilli());
                ps.setLong(2, lease.until().toEpochMilli());
                int i = 3;
                for (String id : chunk) {
                  ps.setString(i++, id);
                }
                ps.setString(i, lease.node());
                renewed += ps.executeUpdate();
              }
            }
            return renewed;
          }
        });
  }

  // ---- operations -----------------------------------------------------------------------------

  @Override
  public Optional<Delivery> retry(String deliveryId, Instant now) {
    return writer.submit(
        new GroupCommit.Op<>() {
          @Override
          Optional<Delivery> run(Connection c) throws SQLException {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ?,"
                        + " completed_at = NULL WHERE id = ? AND status <> 'in_flight'")) {
              ps.setLong(1, now.toEpochMilli());
              ps.setLong(2, now.toEpochMilli());
              ps.setString(3, deliveryId);
              ps.executeUpdate();
            }
            return findDelivery(c, deliveryId);
          }
        });
  }

  @Override
  public int replay(
      String endpointId,
      DeliveryStatus status,
      Optional<Instant> since,
      Optional<Instant> until,
      Instant now) {
    if (status == DeliveryStatus.IN_FLIGHT) {
      throw new IllegalArgumentException("in-flight deliveries cannot be replayed");
    }
    return writer.submit(
        new GroupCommit.Op<>() {
          @Override
          Integer run(Connection c) throws SQLException {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ?,"
                        + " completed_at = NULL WHERE endpoint_id = ? AND status = ?"
                        + " AND created_at >= ? AND created_at < ?")) {
              ps.setLong(1, now.toEpochMilli());
              ps.setLong(2, now.toEpochMilli());
              ps.setString(3, endpointId);
              ps.setString(4, status.wireName());
              ps.setLong(5, since.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));
              ps.setLong(6, until.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE));
              return ps.executeUpdate();
            }
          }
        });
  }

  @Override
  public int purge(Instant before) {
    int total = 0;
    while (true) {
      int deleted =
          writer.submit(
              new GroupCommit.Op<>() {
                @Override
                Integer run(Connection c) throws SQLException {
                  // Small chunks keep each write transaction short.
                  List<String> ids = new ArrayList<>();
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT id FROM deliveries WHERE status = 'succeeded'"
                              + " AND completed_at < ? LIMIT 1000")) {
                    ps.setLong(1, before.toEpochMilli());
                    try (ResultSet rs = ps.executeQuery()) {
                      while (rs.next()) {
                        ids.add(rs.getString(1));
                      }
                    }
                  }
                  if (ids.isEmpty()) {
                    return 0;
                  }
                  String in = "(" + placeholders(ids.size()) + ")";
                  for (String sql :
                      List.of(
                          "DELETE FROM attempts WHERE delivery_id IN "
                              + in
                              + " AND delivery_id IN (SELECT id FROM deliveries"
                              + " WHERE status = 'succeeded')",
                          "DELETE FROM deliveries WHERE id IN "
                              + in
                              + " AND status = 'succeeded'")) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                      for (int i = 0; i < ids.size(); i++) {
                        ps.setString(i + 1, ids.get(i));
                      }
                      ps.executeUpdate();
                    }
                  }
                  return ids.size();
                }
              });
      total += deleted;
      if (deleted == 0) {
        break;
      }
    }
    writer.submit(
        new GroupCommit.Op<Integer>() {
          @Override
          Integer run(Connection c) throws SQLException {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "DELETE FROM events WHERE accepted_at < ? AND NOT EXISTS"
                        + " (SELECT 1 FROM deliveries d WHERE d.event_id = events.id)")) {
              ps.setLong(1, before.toEpochMilli());
              return ps.executeUpdate();
            }
          }
        });
    return total;
  }

  // ---- queries --------------------------------------------------------------------------------

  @Override
  public Optional<StoredEvent> event(String id) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT body, accepted_at, skips FROM events WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(storedEvent(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Page<StoredEvent> events(EventQuery q) {
    return read(
        c -> {
          StringBuilder sql =
              new StringBuilder("SELECT body, accepted_at, skips, id FROM events WHERE 1 = 1");
          List<Object> args = new ArrayList<>();
          q.type().ifPresent(t -> add(sql, args, " AND type = ?", t));
          q.since().ifPresent(s -> add(sql, args, " AND accepted_at >= ?", s.toEpochMilli()));
          q.until().ifPresent(u -> add(sql, args, " AND accepted_at < ?", u.toEpochMilli()));
          if (q.cursor().isPresent()) {
            String cursor = q.cursor().get();
            int dot = cursor.indexOf('.');
            long at = Long.parseLong(cursor.substring(0, dot)); // shape checked by EventQuery
            sql.append(" AND (accepted_at < ? OR (accepted_at = ? AND id < ?))");
            args.add(at);
            args.add(at);
            args.add(cursor.substring(dot + 1));
          }
          sql.append(" ORDER BY accepted_at DESC, id DESC LIMIT ?");
          args.add(q.limit() + 1);
          List<StoredEvent> items = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                items.add(storedEvent(rs));
              }
            }
          }
          Optional<String> next = Optional.empty();
          if (items.size() > q.limit()) {
            items.remove(items.size() - 1);
            StoredEvent last = items.get(items.size() - 1);
            next = Optional.of(last.acceptedAt().toEpochMilli() + "." + last.event().id());
          }
          return new Page<>(items, next);
        });
  }

  @Override
  public Optional<Delivery> delivery(String id) {
    return read(c -> findDelivery(c, id));
  }

  @Override
  public List<Attempt> attempts(String deliveryId) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT delivery_id, endpoint_id, number, started_at, duration_ms, status_code,"
                      + " error, response_snippet, node FROM attempts WHERE delivery_id = ?"
                      + " ORDER BY number")) {
            ps.setString(1, deliveryId);
            List<Attempt> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                int code = rs.getInt(6);
                OptionalInt status = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(code);
                out.add(
                    new Attempt(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        Instant.ofEpochMilli(rs.getLong(4)),
                        Duration.ofMillis(rs.getLong(5)),
                        status,
                        Optional.ofNullable(rs.getString(7)),
                        Optional.ofNullable(rs.getString(8)),
                        rs.getString(9)));
              }
            }
            return out;
          }
        });
  }

  @Override
  public Page<Delivery> deliveries(DeliveryQuery q) {
    return read(
        c -> {
          StringBuilder sql =
              new StringBuilder("SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE 1 = 1");
          List<Object> args = new ArrayList<>();
          q.endpointId().ifPresent(v -> add(sql, args, " AND endpoint_id = ?", v));
          q.status().ifPresent(v -> add(sql, args, " AND status = ?", v.wireName()));
          q.eventType().ifPresent(v -> add(sql, args, " AND event_type = ?", v));
          q.eventId().ifPresent(v -> add(sql, args, " AND event_id = ?", v));
          q.since().ifPresent(v -> add(sql, args, " AND created_at >= ?", v.toEpochMilli()));
          q.until().ifPresent(v -> add(sql, args, " AND created_at < ?", v.toEpochMilli()));
          q.cursor().ifPresent(v -> add(sql, args, " AND id < ?", v));
          sql.append(" ORDER BY id DESC LIMIT ?");
          args.add(q.limit() + 1);
          List<Delivery> items = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            readDeliveries(ps, items);
          }
          Optional<String> next = Optional.empty();
          if (items.size() > q.limit()) {
            items.remove(items.size() - 1);
            next = Optional.of(items.get(items.size() - 1).id());
          }
          return new Page<>(items, next);
        });
  }

  @Override
  public EndpointStats stats(String endpointId, Instant since) {
    return read(
        c -> {
          long total;
          long success;
          long retries;
          double avg;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status_code BETWEEN 200 AND 299"
                      + " THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN number > 1 THEN 1 ELSE 0"
                      + " END), 0), COALESCE(AVG(duration_ms), 0) FROM attempts"
                      + " WHERE endpoint_id = ? AND started_at >= ?")) {
            ps.setString(1, endpointId);
            ps.setLong(2, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
              success = rs.getLong(2);
              retries = rs.getLong(3);
              avg = rs.getDouble(4);
            }
          }
          double p95 = 0;
          if (total > 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT duration_ms FROM attempts WHERE endpoint_id = ? AND started_at >= ?"
                        + " ORDER BY duration_ms LIMIT 1 OFFSET ?")) {
              ps.setString(1, endpointId);
              ps.setLong(2, since.toEpochMilli());
              ps.setLong(3, (long) Math.ceil(total * 0.95) - 1);
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  p95 = rs.getLong(1);
                }
              }
            }
          }
          long pending;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM deliveries WHERE endpoint_id = ? AND status IN " + OPEN)) {
            ps.setString(1, endpointId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              pending = rs.getLong(1);
            }
          }
          return new EndpointStats(
              endpointId,
              total,
              success,
              total - success,
              total == 0 ? 1.0 : (double) success / total,
              avg,
              p95,
              retries,
              pending);
        });
  }

  @Override
  public QueueDepth queueDepth() {
    return read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT COUNT(*), MIN(created_at) FROM deliveries WHERE status IN " + OPEN);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            long open = rs.getLong(1);
            long oldest = rs.getLong(2);
            return new QueueDepth(
                open, rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)));
          }
        });
  }

  @Override
  public AttemptStats attemptStats(Instant from, Instant until, Duration bucket) {
    long width = bucket.toMillis();
    long span = until.toEpochMilli() - from.toEpochMilli();
    if (width <= 0 || span <= 0 || span % width != 0 || span / width > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "attempt stats need a positive bucket and a range of 1 to "
              + MAX_BUCKETS
              + " whole buckets: "
              + from
              + " to "
              + until
              + " by "
              + bucket);
    }
    int n = (int) (span / width);
    long start = from.toEpochMilli();
    return read(
        c -> {
          long[] ok = new long[n];
          long[] failed = new long[n];
          double[] avg = new double[n];
          // Integer division buckets the rows on both dialects (BIGINT in PostgreSQL, INTEGER in
          // SQLite); GROUP BY 1 keeps PostgreSQL from comparing two parameterised expressions.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT (started_at - ?) / ?, COUNT(*), COALESCE(SUM(CASE WHEN status_code"
                      + " BETWEEN 200 AND 299 THEN 1 ELSE 0 END), 0), AVG(duration_ms)"
                      + " FROM attempts WHERE started_at >= ? AND started_at < ?"
                      + " GROUP BY 1 ORDER BY 1")) {
            ps.setLong(1, start);
            ps.setLong(2, width);
            ps.setLong(3, start);
            ps.setLong(4, until.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                int i = (int) rs.getLong(1);
                long count = rs.getLong(2);
                ok[i] = rs.getLong(3);
                failed[i] = count - ok[i];
                avg[i] = rs.getDouble(4);
              }
            }
          }
          List<AttemptStats.Bucket> buckets = new ArrayList<>(n);
          long succeeded = 0;
          long total = 0;
          double durationSum = 0;
          for (int i = 0; i < n; i++) {
            buckets.add(
                new AttemptStats.Bucket(
                    Instant.ofEpochMilli(start + i * width), ok[i], failed[i], avg[i]));
            succeeded += ok[i];
            total += ok[i] + failed[i];
            durationSum += avg[i] * (ok[i] + failed[i]);
          }
          double p95 = 0;
          if (total > 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT duration_ms FROM attempts WHERE started_at >= ? AND started_at < ?"
                        + " ORDER BY duration_ms LIMIT 1 OFFSET ?")) {
              ps.setLong(1, start);
              ps.setLong(2, until.toEpochMilli());
              ps.setLong(3, (long) Math.ceil(total * 0.95) - 1);
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  p95 = rs.getLong(1);
                }
              }
            }
          }
          return new AttemptStats(
              from,
              until,
              bucket,
              buckets,
              succeeded,
              total - succeeded,
              total == 0 ? 0 : durationSum / total,
              p95);
        });
  }

  @Override
  public List<StoredEndpoint> endpoints() {
    return read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, definition, origin, updated_at FROM endpoints ORDER BY id");
              ResultSet rs = ps.executeQuery()) {
            List<StoredEndpoint> out = new ArrayList<>();
            while (rs.next()) {
              String id = rs.getString(1);
              out.add(
                  new StoredEndpoint(
                      id,
                      sealer.open(rs.getString(2), Resealer.endpointRow(id), description),
                      rs.getString(3),
                      Instant.ofEpochMilli(rs.getLong(4))));
            }
            return out;
          }
        });
  }

  @Override
  public void saveEndpoint(StoredEndpoint endpoint) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO endpoints (id, definition, origin, created_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                      + " definition = excluded.definition, origin = excluded.origin,"
                      + " updated_at = excluded.updated_at")) {
            long at = endpoint.updatedAt().toEpochMilli();
            ps.setString(1, endpoint.id());
            ps.setString(
                2, sealer.seal(endpoint.definition(), Resealer.endpointRow(endpoint.id())));
            ps.setString(3, endpoint.origin());
            ps.setLong(4, at);
            ps.setLong(5, at);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public boolean deleteEndpoint(String id) {
    return write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM endpoints WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public List<StoredWorkflow> workflows() {
    return read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT name, definition, origin, updated_at FROM workflows ORDER BY name");
              ResultSet rs = ps.executeQuery()) {
            List<StoredWorkflow> out = new ArrayList<>();
            while (rs.next()) {
              String name = rs.getString(1);
              out.add(
                  new StoredWorkflow(
                      name,
                      sealer.open(rs.getString(2), Resealer.workflowRow(name), description),
                      rs.getString(3),
                      Instant.ofEpochMilli(rs.getLong(4))));
            }
            return out;
          }
        });
  }

  @Override
  public void saveWorkflow(StoredWorkflow w) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO workflows (name, definition, origin, updated_at) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (name) DO UPDATE SET definition = excluded.definition,"
                      + " origin = excluded.origin, updated_at = excluded.updated_at")) {
            ps.setString(1, w.name());
            ps.setString(2, sealer.seal(w.definition(), Resealer.workflowRow(w.name())));
            ps.setString(3, w.origin());
            ps.setLong(4, w.updatedAt().toEpochMilli());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public boolean deleteWorkflow(String name) {
    return write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM workflows WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public void saveRun(WorkflowRunRecord run) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO workflow_runs (id, workflow, status, document, started_at,"
                      + " finished_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                      + " status = excluded.status, document = excluded.document,"
                      + " finished_at = excluded.finished_at")) {
            ps.setString(1, run.id());
            ps.setString(2, run.workflow());
            ps.setString(3, run.status());
            ps.setString(4, run.document());
            ps.setLong(5, run.startedAt().toEpochMilli());
            if (run.finishedAt().isPresent()) {
              ps.setLong(6, run.finishedAt().get().toEpochMilli());
            } else {
              ps.setNull(6, java.sql.Types.BIGINT);
            }
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public boolean finishRunIfRunning(WorkflowRunRecord finished) {
    return write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE workflow_runs SET status = ?, document = ?, finished_at = ?"
                      + " WHERE id = ? AND status = 'running'")) {
            ps.setString(1, finished.status());
            ps.setString(2, finished.document());
            if (finished.finishedAt().isPresent()) {
              ps.setLong(3, finished.finishedAt().get().toEpochMilli());
            } else {
              ps.setNull(3, java.sql.Types.BIGINT);
            }
            ps.setString(4, finished.id());
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Page<WorkflowRunRecord> runs(String workflow, int limit, Optional<String> cursor) {
    cursor.ifPresent(v -> Cursors.run(v, "Store.runs"));
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + RUN_COLUMNS
                      + " FROM workflow_runs WHERE workflow = ? AND id < ?"
                      + " ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, workflow);
            ps.setString(2, cursor.orElse("~")); // '~' sorts after every run id
            ps.setInt(3, limit + 1);
            List<WorkflowRunRecord> out = readRuns(ps);
            if (out.size() > limit) {
              out = out.subList(0, limit);
              return new Page<>(out, Optional.of(out.get(limit - 1).id()));
            }
            return new Page<>(out, Optional.empty());
          }
        });
  }

  @Override
  public Optional<WorkflowRunRecord> run(String id) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM workflow_runs WHERE id = ?")) {
            ps.setString(1, id);
            return readRuns(ps).stream().findFirst();
          }
        });
  }

  @Override
  public List<WorkflowRunRecord> runsWithStatus(String status, int limit) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + RUN_COLUMNS
                      + " FROM workflow_runs WHERE status = ?"
                      + " ORDER BY id LIMIT ?")) {
            ps.setString(1, status);
            ps.setInt(2, limit);
            return readRuns(ps);
          }
        });
  }

  private static final String RUN_COLUMNS =
      "id, workflow, status, document, started_at, finished_at";

  private static List<WorkflowRunRecord> readRuns(PreparedStatement ps) throws SQLException {
    List<WorkflowRunRecord> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long finished = rs.getLong(6);
        Optional<Instant> finishedAt =
            rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
        out.add(
            new WorkflowRunRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)),
                finishedAt));
      }
    }
    return out;
  }

  @Override
  public void close() {
    writer.close();
    readPool.close();
    if (writePool != readPool) {
      writePool.close();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  interface SqlFunction<T> {
    T apply(Connection c) throws SQLException;
  }

  /** Runs {@code f} in a group-committed write transaction. */
  <T> T write(SqlFunction<T> f) {
    return writer.submit(
        new GroupCommit.Op<T>() {
          @Override
          T run(Connection c) throws SQLException {
            return f.apply(c);
          }
        });
  }

  @Override
  public boolean ping() {
    CompletableFuture<Boolean> check;
    synchronized (this) {
      // One check at a time, shared by every caller: a health probe storm while the database is
      // down must not queue up checks that each wait for the pool.
      check = ping;
      if (check == null || check.isDone()) {
        check = new CompletableFuture<>();
        ping = check;
        CompletableFuture<Boolean> result = check;
        Threads.virtual("hookline-store-ping", () -> result.complete(check()));
      }
    }
    try {
      return check.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }

  private boolean check() {
    try (Connection c = readPool.getConnection()) {
      return c.isValid((int) Math.max(1, PING_TIMEOUT.toSeconds()));
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  <T> T read(SqlFunction<T> f) {
    try (Connection c = readPool.getConnection()) {
      return f.apply(c);
    } catch (SQLException e) {
      throw new StoreException(description + " read failed: " + e.getMessage(), e);
    }
  }

  private Optional<Delivery> findDelivery(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE id = ?")) {
      ps.setString(1, id);
      List<Delivery> out = new ArrayList<>(1);
      readDeliveries(ps, out);
      return out.stream().findFirst();
    }
  }

  static void readDeliveries(PreparedStatement ps, List<Delivery> out) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long completed = rs.getLong(10);
        Optional<Instant> completedAt =
            rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(completed));
        int code = rs.getInt(11);
        OptionalInt lastCode = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(code);
        out.add(
            new Delivery(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                DeliveryStatus.fromName(rs.getString(5)),
                rs.getInt(6),
                Instant.ofEpochMilli(rs.getLong(7)),
                Instant.ofEpochMilli(rs.getLong(8)),
                Instant.ofEpochMilli(rs.getLong(9)),
                completedAt,
                lastCode,
                Optional.ofNullable(rs.getString(12)),
                Optional.ofNullable(rs.getString(13))));
      }
    }
  }

  private static StoredEvent storedEvent(ResultSet rs) throws SQLException {
    String skips = rs.getString(3);
    return new StoredEvent(
        Event.fromJson(rs.getString(1)),
        Instant.ofEpochMilli(rs.getLong(2)),
        skips == null ? Map.of() : fromJson(skips));
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object arg) {
    sql.append(clause);
    args.add(arg);
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }

  private static void setInt(PreparedStatement ps, int index, OptionalInt value)
      throws SQLException {
    if (value.isPresent()) {
      ps.setInt(index, value.getAsInt());
    } else {
      ps.setNull(index, Types.INTEGER);
    }
  }

  static String placeholders(int n) {
    return "?" + ", ?".repeat(n - 1);
  }

  private static String toJson(Map<String, String> skips) {
    try {
      return JSON.writeValueAsString(skips);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot encode skip reasons", e);
    }
  }

  private static Map<String, String> fromJson(String json) {
    try {
      return JSON.readValue(json, SKIPS);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored skip reasons are not valid JSON", e);
    }
  }
}
