package dev.hookline.store;

import dev.hookline.event.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where accepted events, their deliveries and every attempt live (the outbox). One embedded node
 * uses {@linkplain #sqlite(Path) SQLite}; many nodes share {@linkplain #postgres(String,
 * SecretKeys) PostgreSQL}, each claiming due deliveries under a {@link Lease} that another node
 * takes over when it lapses.
 *
 * <p>All methods are thread-safe. Writes are group-committed: concurrent callers share one
 * transaction and one sync to disk, and each call returns only after its own data is committed.
 * Times are given by the caller, so a test clock drives the whole engine.
 *
 * <p>Secrets at rest: endpoint and workflow definitions, which hold signing secrets and
 * credentials, are stored encrypted (AES-256-GCM) with the current key of the store's {@link
 * SecretKeys}; every other column holds no configured secret.
 */
public interface Store extends AutoCloseable {

  /**
   * Opens (creating and migrating if needed) a SQLite store in {@code file}: WAL journal, one
   * writer, concurrent readers. Secrets in endpoint and workflow definitions are sealed with the
   * key in {@code <file>.key} ({@link SecretKeys#keyFileBeside}), generated there with mode {@code
   * 0600} on first use. The database and its {@code -wal} and {@code -shm} files are owner-only
   * ({@code 0600}).
   *
   * @throws StoreException when the file cannot be opened or migrated, or a stored secret is sealed
   *     with a key that is not in the key file
   */
  static Store sqlite(Path file) {
    return sqlite(file, SecretKeys.loadOrGenerate(SecretKeys.keyFileBeside(file)));
  }

  /**
   * Opens a SQLite store as {@link #sqlite(Path)} does, sealing secrets with {@code keys}. Rows
   * sealed with a previous key, and rows written before sealing existed, are sealed again with the
   * current key as the store opens.
   *
   * @throws StoreException when the file cannot be opened or migrated, or a stored secret is sealed
   *     with a key that is not among {@code keys}
   */
  static Store sqlite(Path file, SecretKeys keys) {
    return SqliteStore.open(file, keys);
  }

  /**
   * Opens a PostgreSQL store, e.g. {@code jdbc:postgresql://127.0.0.1:5432/hookline} (a {@code
   * currentSchema} parameter selects, and creates if needed, the schema), migrating it if needed.
   * Secrets in endpoint and workflow definitions are sealed with {@code keys}, which every node
   * sharing the database must be given; rows sealed with a previous key, or written before sealing
   * existed, are sealed again with the current key as the store opens.
   *
   * @throws StoreException when the database cannot be reached or migrated, or a stored secret is
   *     sealed with a key that is not among {@code keys}
   */
  static Store postgres(String jdbcUrl, SecretKeys keys) {
    return PostgresStore.open(jdbcUrl, keys);
  }

  /**
   * Opens the store a JDBC URL names: {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://...},
   * sealing secrets with {@code keys}.
   *
   * @throws StoreException when the URL names neither, or the store cannot be opened
   */
  static Store open(String jdbcUrl, SecretKeys keys) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return sqlite(Path.of(jdbcUrl.substring("jdbc:sqlite:".length())), keys);
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return postgres(jdbcUrl, keys);
    }
    throw unsupported(jdbcUrl);
  }

  /**
   * Opens the SQLite store a {@code jdbc:sqlite:FILE} URL names, as {@link #sqlite(Path)} does (its
   * key beside the file). PostgreSQL needs its key given: use {@link #open(String, SecretKeys)}.
   *
   * @throws StoreException when the URL is not a SQLite one, or the store cannot be opened
   */
  static Store open(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return sqlite(Path.of(jdbcUrl.substring("jdbc:sqlite:".length())));
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new StoreException(
          "a PostgreSQL store needs the secret key every node shares: open it with"
              + " Store.open(url, SecretKeys.of(key)) (generate one with: hookline secrets keygen)");
    }
    throw unsupported(jdbcUrl);
  }

  private static StoreException unsupported(String jdbcUrl) {
    return new StoreException(
        "store url '"
            + jdbcUrl
            + "' is not supported: use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
  }

  /** What this store is, for logs and health checks, e.g. {@code sqlite:/var/lib/hookline.db}. */
  String describe();

  /** The longest {@link #ping()} waits for the store to answer. */
  Duration PING_TIMEOUT = Duration.ofMillis(500);

  /**
   * Whether the store answers now (a connection is at hand and valid): for health checks. Returns
   * within about {@link #PING_TIMEOUT}, false when no answer came by then, and never throws.
   * Concurrent callers share one check, so a burst of probes while the database is down costs one
   * connection attempt.
   */
  boolean ping();

  /**
   * Stores an event and its deliveries atomically; idempotent on the event id. Deliveries of
   * non-FIFO endpoints are created already claimed under {@code lease} when one is given (the
   * accepting node sends them at once, with attempt number 1); the others are created pending.
   * Accepts that create deliveries for the same FIFO endpoint commit one after another, each with a
   * greater delivery id than the last, whichever node accepts them (even with its clock behind): so
   * a FIFO endpoint's ids sort in acceptance order, which its claims follow.
   *
   * @return whether the event was new, and the deliveries created
   */
  Accepted accept(
      Event event,
      List<NewDelivery> deliveries,
      Map<String, String> skips,
      Instant now,
      Optional<Lease> lease);

  /**
   * Accepts several events, each atomically and idempotently as {@link #accept} does, sharing
   * transactions where possible: the way to take a batch of events at disk speed from few threads.
   *
   * @return one answer per event, in order
   */
  List<Accepted> acceptAll(List<NewEvent> events, Instant now, Optional<Lease> lease);

  /**
   * Claims up to {@code limit} deliveries that are due at {@code now} (and those whose lease
   * lapsed), leasing them to {@code lease.node()} and numbering their next attempt. A FIFO
   * endpoint's delivery is claimed only when no earlier one of that endpoint is unfinished.
   */
  List<Claimed> claim(Lease lease, int limit, Instant now);

  /**
   * Records attempts and moves their deliveries on. The attempt is always kept; the delivery
   * changes only if {@code completion.node()} still holds it for that attempt number.
   *
   * @return the ids of the deliveries left unchanged for that reason (another node or attempt has
   *     them now): their outcome is not this node's to report
   */
  java.util.Set<String> complete(List<Completion> completions, Instant now);

  /** Gives claimed deliveries back unattempted, to be claimed again at their next time. */
  void release(List<Release> releases, Instant now);

  /**
   * Gives back every delivery {@code node} holds: used when a node restarts with the same id after
   * a crash, so its interrupted deliveries are sent again at once instead of after their lease
   * lapses. The attempt each was making is recorded with an unknown outcome (it may or may not have
   * reached the endpoint), and the next attempt gets the next number. A lapsed lease taken over by
   * {@link #claim} is recorded the same way.
   *
   * @return how many were given back
   */
  int recover(String node, Instant now);

  /**
   * Takes one permit under every window of {@code windows} for {@code key} (an endpoint), or none:
   * the limits hold across every node sharing this store.
   *
   * @return empty when granted, else when to try again
   */
  Optional<Instant> acquirePermit(String key, List<RateWindow> windows, Instant now);

  /**
   * Extends to {@code lease.until()} the leases {@code lease.node()} holds on {@code deliveryIds}
   * (the deliveries it still has in hand; any other lease of the node is left to lapse).
   *
   * @return how many were extended
   */
  int renewLeases(Lease lease, Collection<String> deliveryIds, Instant now);

  /**
   * Queues a delivery for another attempt now, whatever its state unless in flight. Attempt numbers
   * keep counting.
   *
   * @return the delivery after the change, or empty when there is none with that id
   */
  Optional<Delivery> retry(String deliveryId, Instant now);

  /**
   * Queues again an endpoint's deliveries in {@code status} created in [{@code since}, {@code
   * until}).
   *
   * @return how many were queued
   */
  int replay(
      String endpointId,
      DeliveryStatus status,
      Optional<Instant> since,
      Optional<Instant> until,
      Instant now);

  /**
   * Deletes succeeded deliveries completed before {@code before}, their attempts, and events left
   * with no delivery that were accepted before it. Dead deliveries are kept.
   *
   * @return how many deliveries were deleted
   */
  int purge(Instant before);

  /** The event with {@code id}, with why each endpoint that skipped it did. */
  Optional<StoredEvent> event(String id);

  /** Events, newest accepted first. */
  Page<StoredEvent> events(EventQuery query);

  /** The delivery with {@code id}. */
  Optional<Delivery> delivery(String id);

  /** A delivery's attempts, first first. */
  List<Attempt> attempts(String deliveryId);

  /** Deliveries, newest first. */
  Page<Delivery> deliveries(DeliveryQuery query);

  /** An endpoint's figures over attempts started at or after {@code since}. */
  EndpointStats stats(String endpointId, Instant since);

  /** Open deliveries and the age of the oldest. */
  QueueDepth queueDepth();

  /** The most buckets {@link #attemptStats} counts at once. */
  int MAX_BUCKETS = 1440;

  /**
   * Every endpoint's attempts started in [{@code from}, {@code until}), counted per {@code bucket}
   * (the first bucket starts at {@code from}), with their success rate and latency. Reads only.
   *
   * @throws IllegalArgumentException when {@code bucket} is not positive, the range is empty, not a
   *     whole number of buckets, or more than {@link #MAX_BUCKETS} of them
   */
  AttemptStats attemptStats(Instant from, Instant until, Duration bucket);

  /** Every stored endpoint definition, by id. */
  List<StoredEndpoint> endpoints();

  /** Inserts or replaces the endpoint definition with this id. */
  void saveEndpoint(StoredEndpoint endpoint);

  /** Deletes the endpoint definition with this id; false when there was none. */
  boolean deleteEndpoint(String id);

  /** Every stored workflow definition, by name. */
  List<StoredWorkflow> workflows();

  /** Inserts or replaces the workflow definition with this name. */
  void saveWorkflow(StoredWorkflow workflow);

  /** Deletes the workflow definition with this name; false when there was none. */
  boolean deleteWorkflow(String name);

  /** Inserts or replaces a run (by id), in one statement: a run is never half-written. */
  void saveRun(WorkflowRunRecord run);

  /**
   * Replaces a run with {@code finished} only if it is still {@code running}: how a node ends a run
   * another node abandoned without overwriting an outcome that node stored meanwhile, and without
   * two nodes both ending it.
   *
   * @return whether the run was still running (and is now {@code finished})
   */
  boolean finishRunIfRunning(WorkflowRunRecord finished);

  /**
   * A workflow's runs, newest first, {@code limit} at a time after {@code cursor}.
   *
   * @throws IllegalArgumentException when {@code cursor} is not a workflow run cursor
   */
  Page<WorkflowRunRecord> runs(String workflow, int limit, Optional<String> cursor);

  /** One run. */
  Optional<WorkflowRunRecord> run(String id);

  /** Runs of any workflow in this status, oldest first, at most {@code limit}. */
  List<WorkflowRunRecord> runsWithStatus(String status, int limit);

  /** Stops the writers (after committing what was submitted) and closes connections. */
  @Override
  void close();
}
