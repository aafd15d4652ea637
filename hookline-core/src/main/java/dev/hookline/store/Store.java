package dev.hookline.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where accepted events, their deliveries and every attempt live, as a user reads them: events,
 * deliveries, attempts, figures and endpoint definitions, and the operations on them (retry,
 * replay, purge). One embedded node uses {@linkplain #sqlite(Path) SQLite}; many nodes share
 * {@linkplain #postgres(String, SecretKeys) PostgreSQL}. The delivery engine's side of the same
 * store (accept, claim, lease, complete) is not part of this interface.
 *
 * <p>All methods are thread-safe. Writes are group-committed: concurrent callers share one
 * transaction and one sync to disk, and each call returns only after its own data is committed.
 * Times are given by the caller, so a test clock drives the whole engine.
 *
 * <p>Secrets at rest: endpoint definitions, which hold signing secrets and credentials, are stored
 * encrypted (AES-256-GCM) with the current key of the store's {@link SecretKeys}; every other
 * column holds no configured secret.
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

  /** Stops the writers (after committing what was submitted) and closes connections. */
  @Override
  void close();
}
