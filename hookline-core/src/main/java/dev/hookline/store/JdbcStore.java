package dev.hookline.store;

import dev.hookline.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A store on a JDBC database: the SQL classes, each with one responsibility, over one {@link
 * Database} and its {@link Dialect}. {@link SqliteStore} and {@link PostgresStore} open it.
 */
final class JdbcStore implements Outbox {
  private final Database db;
  private final Dialect dialect;
  private final AcceptSql accepts;
  private final LeaseSql leases;
  private final OperationsSql operations;
  private final ReadSql reads;
  private final StatsSql stats;
  private final DefinitionsSql definitions;

  JdbcStore(Database db, Dialect dialect, Sealer sealer) {
    this.db = db;
    this.dialect = dialect;
    this.leases = new LeaseSql(db, dialect);
    this.accepts = new AcceptSql(db, dialect, leases);
    this.operations = new OperationsSql(db);
    this.reads = new ReadSql(db);
    this.stats = new StatsSql(db);
    this.definitions = new DefinitionsSql(db, sealer);
  }

  @Override
  public String describe() {
    return db.description();
  }

  @Override
  public boolean ping() {
    return db.ping(PING_TIMEOUT);
  }

  // ---- accept, lease protocol, rate windows ---------------------------------------------------

  @Override
  public Accepted accept(
      Event event,
      List<NewDelivery> deliveries,
      Map<String, String> skips,
      Instant now,
      Optional<Lease> lease) {
    return accepts.accept(event, deliveries, skips, now, lease);
  }

  @Override
  public List<Accepted> acceptAll(List<NewEvent> events, Instant now, Optional<Lease> lease) {
    return accepts.acceptAll(events, now, lease);
  }

  @Override
  public List<Claimed> claim(Lease lease, int limit, Instant now) {
    return leases.claim(lease, limit, now);
  }

  @Override
  public Set<String> complete(List<Completion> completions, Instant now) {
    return leases.complete(completions, now);
  }

  @Override
  public void release(List<Release> releases, Instant now) {
    leases.release(releases, now);
  }

  @Override
  public int recover(String node, Instant now) {
    return leases.recover(node, now);
  }

  @Override
  public int renewLeases(Lease lease, Collection<String> deliveryIds, Instant now) {
    return leases.renewLeases(lease, deliveryIds, now);
  }

  @Override
  public Optional<Instant> acquirePermit(String key, List<RateWindow> windows, Instant now) {
    return dialect.acquirePermit(db, key, windows, now);
  }

  // ---- operations -----------------------------------------------------------------------------

  @Override
  public Optional<Delivery> retry(String deliveryId, Instant now) {
    return operations.retry(deliveryId, now);
  }

  @Override
  public int replay(
      String endpointId,
      DeliveryStatus status,
      Optional<Instant> since,
      Optional<Instant> until,
      Instant now) {
    return operations.replay(endpointId, status, since, until, now);
  }

  @Override
  public int purge(Instant before) {
    return operations.purge(before);
  }

  // ---- read model -----------------------------------------------------------------------------

  @Override
  public Optional<StoredEvent> event(String id) {
    return reads.event(id);
  }

  @Override
  public Page<StoredEvent> events(EventQuery query) {
    return reads.events(query);
  }

  @Override
  public Optional<Delivery> delivery(String id) {
    return reads.delivery(id);
  }

  @Override
  public List<Attempt> attempts(String deliveryId) {
    return reads.attempts(deliveryId);
  }

  @Override
  public Page<Delivery> deliveries(DeliveryQuery query) {
    return reads.deliveries(query);
  }

  @Override
  public EndpointStats stats(String endpointId, Instant since) {
    return stats.stats(endpointId, since);
  }

  @Override
  public QueueDepth queueDepth() {
    return stats.queueDepth();
  }

  @Override
  public AttemptStats attemptStats(Instant from, Instant until, Duration bucket) {
    return stats.attemptStats(from, until, bucket);
  }

  // ---- endpoint definitions -----------------------------------------------------------------

  @Override
  public List<StoredEndpoint> endpoints() {
    return definitions.endpoints();
  }

  @Override
  public void saveEndpoint(StoredEndpoint endpoint) {
    definitions.saveEndpoint(endpoint);
  }

  @Override
  public boolean deleteEndpoint(String id) {
    return definitions.deleteEndpoint(id);
  }

  @Override
  public void close() {
    db.close();
  }
}
