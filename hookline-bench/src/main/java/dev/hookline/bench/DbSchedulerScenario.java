package dev.hookline.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The peer baseline: the webhook delivery a Java team would build instead of Hookline, on
 * db-scheduler (com.github.kagkarlsson) over the same PostgreSQL as {@code hookline-pg}. One
 * one-time task instance per event, its data the event JSON ({@link Payload}); the task POSTs it
 * with Jetty's HttpClient (set up as {@link RawJettyScenario} does) to the sink with the {@value
 * Sink#ID_HEADER} header, and a non-2xx answer throws, so db-scheduler's own exponential-backoff
 * failure handler retries it. Published and measured as {@code hookline-pg}'s throughput mode: four
 * threads scheduling batches, warm-up, then distinct events delivered per second at the sink until
 * every one arrived.
 */
final class DbSchedulerScenario implements Scenario {
  private static final int PUBLISHERS = 4;
  private static final int BATCH = 200;

  /**
   * Executor threads. Each execution blocks on its HTTP call and on db-scheduler's completion
   * update, so a team would give it well more threads than cores to keep 2 cores busy.
   */
  private static final int THREADS = 32;

  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

  /** db-scheduler's documented PostgreSQL DDL (postgresql_tables.sql, 16.x). */
  private static final String DDL =
      """
      create table if not exists scheduled_tasks (
        task_name text not null,
        task_instance text not null,
        task_data bytea,
        execution_time timestamp with time zone not null,
        picked BOOLEAN not null,
        picked_by text,
        last_success timestamp with time zone,
        last_failure timestamp with time zone,
        consecutive_failures INT,
        last_heartbeat timestamp with time zone,
        version BIGINT not null,
        priority SMALLINT,
        PRIMARY KEY (task_name, task_instance)
      );
      create index if not exists execution_time_idx on scheduled_tasks (execution_time);
      create index if not exists last_heartbeat_idx on scheduled_tasks (last_heartbeat);
      create index if not exists priority_execution_time_idx
        on scheduled_tasks (priority desc, execution_time asc);
      """;

  @Override
  public String name() {
    return "db-scheduler";
  }

  @Override
  public Result run(Sink sink, Options options) throws Exception {
    if (options.postgresUrl().isEmpty()) {
      return Result.unavailable(name(), "needs --postgres-url=jdbc:postgresql://...");
    }
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(options.postgresUrl().get());
    pool.setMaximumPoolSize(THREADS + PUBLISHERS + 4);
    pool.setPoolName("db-scheduler-pool");
    try (HikariDataSource dataSource = new HikariDataSource(pool)) {
      prepareTable(dataSource);
      HttpClient client = RawJettyScenario.newClient(THREADS);
      URI url = sink.url();
      OneTimeTask<String> deliver =
          Tasks.oneTime("deliver-webhook", String.class)
              .onFailure(
                  new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1)))
              .execute(
                  (instance, context) -> {
                    ContentResponse response;
                    try {
                      response =
                          client
                              .newRequest(url)
                              .method(HttpMethod.POST)
                              .headers(h -> h.put(Sink.ID_HEADER, instance.getId()))
                              .body(
                                  new StringRequestContent("application/json", instance.getData()))
                              .timeout(30, TimeUnit.SECONDS)
                              .send();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      throw new IllegalStateException("interrupted delivering " + instance.getId());
                    } catch (Exception e) {
                      throw new IllegalStateException("delivering " + instance.getId(), e);
                    }
                    if (response.getStatus() / 100 != 2) {
                      throw new IllegalStateException(
                          "HTTP " + response.getStatus() + " for " + instance.getId());
                    }
                  });
      // Polling: fetch-and-lock-on-execute (select due rows, then claim each with an update as it
      // runs), not lock-and-fetch (one UPDATE ... SKIP LOCKED RETURNING per batch). Tried both
      // once each on the busy 2-core machine (5 s after 3 s warm-up, functional check only):
      // fetch 2,643/s (470 µs CPU per delivery), lock-and-fetch 1,978/s (329 µs): fetch was
      // faster, so it is kept; swap to pollUsingLockAndFetch(0.5, 1.0) to compare again.
      Scheduler scheduler =
          Scheduler.create(dataSource, deliver)
              .threads(THREADS)
              .pollUsingFetchAndLockOnExecute(0.5, 4.0)
              .pollingInterval(Duration.ofMillis(100))
              .enableImmediateExecution()
              .build();
      scheduler.start();
      try {
        if (!options.warmup().isZero()) {
          ConcurrentHashMap<String, Long> warm = new ConcurrentHashMap<>();
          sink.expect(warm);
          long n = publishFor(scheduler, deliver, "warm-", options.warmup(), Long.MAX_VALUE, warm);
          sink.awaitDistinct(n, DRAIN_TIMEOUT);
          sink.report();
          sink.reset();
        }
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        sink.expect(sentAt);
        long start = System.nanoTime();
        CpuMeter cpu = CpuMeter.startWithServer("postgres");
        long published =
            publishFor(
                scheduler,
                deliver,
                "ev-",
                options.countBound() ? Duration.ofDays(1) : options.duration(),
                options.events().orElse(Long.MAX_VALUE),
                sentAt);
        boolean all = sink.awaitDistinct(published, DRAIN_TIMEOUT);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Sink.Report report = sink.report();
        Result result =
            Result.measured(name(), report.distinct(), 0, elapsed)
                .withCpu(cpu.stop(report.distinct(), Duration.ZERO))
                .withNote("fetch, " + THREADS + " threads, immediate execution");
        if (!cpu.serverSeen()) {
          result = result.withNote("no local postgres process seen: its CPU is not counted");
        }
        if (report.latency().isPresent()) {
          result = result.withLatency(report.latency().get());
        }
        if (!all || report.missing() > 0) {
          result =
              result.withNote(
                  String.format(
                      "NOT ALL DELIVERED: %d published, %d distinct, %d missing",
                      published, report.distinct(), report.missing()));
        }
        if (report.duplicates() > 0) {
          result = result.withNote(report.duplicates() + " duplicate deliveries (retries)");
        }
        return result;
      } finally {
        scheduler.stop();
        client.stop();
      }
    }
  }

  /** Creates db-scheduler's table if missing and empties it, so each run starts from nothing. */
  private static void prepareTable(HikariDataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(DDL);
      s.execute("truncate scheduled_tasks");
    }
  }

  /** Schedules batches of instances from a few threads until {@code duration} or {@code limit}. */
  private static long publishFor(
      Scheduler scheduler,
      OneTimeTask<String> task,
      String prefix,
      Duration duration,
      long limit,
      ConcurrentMap<String, Long> sentAt)
      throws InterruptedException {
    AtomicLong published = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + duration.toNanos();
    CountDownLatch done = new CountDownLatch(PUBLISHERS);
    for (int p = 0; p < PUBLISHERS; p++) {
      Thread.ofPlatform()
          .name("bench-publisher-" + p)
          .start(
              () -> {
                try {
                  while (System.nanoTime() - deadline < 0) {
                    long from = published.getAndAdd(BATCH);
                    if (from >= limit) {
                      published.addAndGet(-BATCH);
                      return;
                    }
                    int n = (int) Math.min(BATCH, limit - from);
                    if (n < BATCH) {
                      published.addAndGet(n - BATCH);
                    }
                    List<TaskInstance<?>> batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                      batch.add(task.instance(prefix + (from + i), Payload.JSON));
                    }
                    long now = System.nanoTime();
                    for (TaskInstance<?> instance : batch) {
                      sentAt.put(instance.getId(), now);
                    }
                    scheduler.scheduleBatch(batch, Instant.now());
                  }
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                } finally {
                  done.countDown();
                }
              });
    }
    done.await();
    if (failure.get() != null) {
      throw new IllegalStateException("scheduling failed", failure.get());
    }
    if (published.get() == 0) {
      throw new IllegalStateException("nothing was scheduled");
    }
    return published.get();
  }
}
