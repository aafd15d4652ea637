package dev.hookline.store;

import dev.hookline.event.Event;
import dev.hookline.internal.Ulid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** Accepting events: each event and its deliveries in one group-committed write, idempotently. */
final class AcceptSql {
  private final Database db;
  private final Dialect dialect;
  private final LeaseSql leases;

  AcceptSql(Database db, Dialect dialect, LeaseSql leases) {
    this.db = db;
    this.dialect = dialect;
    this.leases = leases;
  }

  private final class AcceptOp extends GroupCommit.BatchOp<Accepted, AcceptOp> {
    final Event event;
    // Encoded by the caller's thread, so the single writer only writes.
    final Dialect.EventRow row;
    final List<NewDelivery> deliveries;
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
      this.row =
          new Dialect.EventRow(
              event.id(),
              event.type(),
              event.timestamp().toEpochMilli(),
              now.toEpochMilli(),
              json,
              SkipsJson.encode(skips));
      this.deliveries = deliveries;
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
      dialect.lockFifoEndpoints(c, fifo);
    }
    boolean[] inserted = dialect.insertEvents(c, ops.stream().map(op -> op.row).toList());
    Map<String, String> lastFifoIds = lastIds(c, fifo);
    List<Dialect.DeliveryRow> rows = new ArrayList<>();
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
        rows.add(new Dialect.DeliveryRow(d, nd.fifo(), lease));
        created.add(d);
      }
      op.result = new Accepted(true, created);
    }
    if (!rows.isEmpty()) {
      dialect.insertDeliveries(c, rows);
    }
  }

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

  private static String successor(String id) {
    try {
      return Ulid.successor(id);
    } catch (IllegalArgumentException e) {
      throw new StoreException("there is no delivery id after " + id, e);
    }
  }

  Accepted accept(
      Event event,
      List<NewDelivery> deliveries,
      Map<String, String> skips,
      Instant now,
      Optional<Lease> lease) {
    return db.writer()
        .submit(new AcceptOp(event, event.toJson(), List.copyOf(deliveries), skips, now, lease));
  }

  List<Accepted> acceptAll(List<NewEvent> events, Instant now, Optional<Lease> lease) {
    GroupCommit writer = db.writer();
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
        leases.release(leased, now);
      } catch (StoreException e) {
        failure.addSuppressed(e);
      }
      if (!out.isEmpty() && !failure.outcomeUnknown()) {
        // Part of the batch is stored: the caller cannot be told "nothing was stored".
        throw new StoreException(
            db.description()
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
}
