package dev.hookline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * What differs between the databases a store runs on: how rows are locked, how a group's rows are
 * written in one go, and where rate-limit windows are counted. The SQL classes hold everything else
 * and is written once; a third database is a third implementation of this.
 */
interface Dialect {

  /**
   * The folder of this database's Flyway migrations, under {@code dev/hookline/store/migration}.
   */
  String migrations();

  /**
   * Whether several connections write at once. Then claims skip rows another writer holds, and
   * writes lock rows in id order so concurrent writers cannot deadlock; with a single writer rows
   * are never contended.
   */
  boolean concurrentWriters();

  /** {@code FOR UPDATE SKIP LOCKED} where rows can be contended, empty for a single writer. */
  default String skipLocked() {
    return concurrentWriters() ? "FOR UPDATE SKIP LOCKED" : "";
  }

  /**
   * Holds, until the transaction ends, a lock per endpoint that only accepts of FIFO deliveries
   * take, so that they commit one after another. Taken before the accept writes anything and in one
   * order, so accepts cannot deadlock on them. No-op where there is a single writer.
   */
  void lockFifoEndpoints(Connection c, SortedSet<String> endpointIds) throws SQLException;

  /**
   * Inserts {@code events}, skipping ids already stored (or earlier in the list).
   *
   * @return for each event, whether it was inserted
   */
  boolean[] insertEvents(Connection c, List<EventRow> events) throws SQLException;

  /** Inserts new deliveries. */
  void insertDeliveries(Connection c, List<DeliveryRow> rows) throws SQLException;

  /** Inserts the attempts of {@code rows} (an attempt already stored is kept as it is). */
  void insertAttempts(Connection c, List<CompletedRow> rows) throws SQLException;

  /**
   * Stores each outcome on its delivery and gives its lease up, unless another attempt or node has
   * taken the delivery since.
   *
   * @return the ids of the deliveries left unchanged for that reason
   */
  Set<String> updateCompleted(Connection c, List<CompletedRow> rows) throws SQLException;

  /** See {@link Store#acquirePermit}: where the windows are counted is the dialect's choice. */
  Optional<Instant> acquirePermit(Database db, String key, List<RateWindow> windows, Instant now);

  /** A new event row. */
  record EventRow(
      String id, String type, long occurredAt, long acceptedAt, String body, String skips) {}

  /** A new delivery row; a delivery handed to the accepting node carries its lease. */
  record DeliveryRow(Delivery delivery, boolean fifo, Lease lease) {
    /** When it is due: now, or for a leased one when its lease lapses (see deliveries_work). */
    long nextAttemptAt() {
      return lease != null ? lease.until().toEpochMilli() : delivery.createdAt().toEpochMilli();
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
}
