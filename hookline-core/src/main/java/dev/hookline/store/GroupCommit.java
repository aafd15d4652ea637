package dev.hookline.store;

import dev.hookline.internal.Threads;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Runs writes from many threads in shared transactions: each writer thread takes every write
 * waiting (up to a bound), runs them in one transaction and commits once, so N concurrent callers
 * pay for one sync to disk instead of N. Writes of the same {@link Op#batchKey() kind} run as one
 * JDBC batch. If a shared transaction fails, each of its writes is retried alone, so one bad write
 * fails only its own caller.
 */
final class GroupCommit implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());

  /** A write. {@link #runBatch} runs several of the same kind and sets each one's result. */
  abstract static class Op<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();
    T result;

    /** Ops with equal non-null keys may run together through {@link #runBatch}. */
    Object batchKey() {
      return null;
    }

    abstract T run(Connection c) throws SQLException;

    /** Runs {@code ops} (all of this kind, this one first) and sets their results. */
    void runBatch(Connection c, List<Op<?>> ops) throws SQLException {
      for (Op<?> op : ops) {
        op.runAlone(c);
      }
    }

    final void runAlone(Connection c) throws SQLException {
      result = run(c);
    }
  }

  /**
   * A write whose instances run together: {@link #runAll} gets every queued op of the same class
   * (this one alone when it runs by itself) and sets each one's result.
   */
  abstract static class BatchOp<T, S extends BatchOp<T, S>> extends Op<T> {
    private final Class<S> type;

    BatchOp(Class<S> type) {
      this.type = type;
    }

    /** Runs {@code ops} (all of this class) in one go, setting each one's {@code result}. */
    abstract void runAll(Connection c, List<S> ops) throws SQLException;

    @Override
    final Object batchKey() {
      return type;
    }

    @Override
    final T run(Connection c) throws SQLException {
      runAll(c, List.of(type.cast(this)));
      return result;
    }

    @Override
    final void runBatch(Connection c, List<Op<?>> ops) throws SQLException {
      List<S> same = new ArrayList<>(ops.size());
      for (Op<?> op : ops) {
        same.add(type.cast(op));
      }
      runAll(c, same);
    }
  }

  private final String name;
  private final DataSource dataSource;
  private final int maxBatch;
  private final LinkedBlockingQueue<Op<?>> queue = new LinkedBlockingQueue<>();
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean closed;

  GroupCommit(String name, DataSource dataSource, int writerCount, int maxBatch) {
    this.name = name;
    this.dataSource = dataSource;
    this.maxBatch = maxBatch;
    for (int i = 0; i < writerCount; i++) {
      Thread t = Threads.platform("hookline-store-writer-" + i, this::loop);
      writers.add(t);
    }
  }

  /** Queues {@code op}; its future completes once it is committed. */
  <T> CompletableFuture<T> submitAsync(Op<T> op) {
    if (closed) {
      throw StoreException.unavailable(name + " is closed", null, false);
    }
    queue.add(op);
    return op.future;
  }

  /** Runs {@code op} in a group transaction and returns its result once committed. */
  <T> T submit(Op<T> op) {
    return await(submitAsync(op));
  }

  /** Waits for a submitted op's commit. */
  <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // The op stays queued and may still commit: the caller cannot know whether it did.
      throw StoreException.unavailable(
          "interrupted while waiting for " + name + " to commit", e, true);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StoreException se) {
        // A new exception, so the stack shows this caller; the outcome is the writer's.
        throw se.unavailable()
            ? StoreException.unavailable(se.getMessage(), se, se.outcomeUnknown())
            : new StoreException(se.getMessage(), se, se.outcomeUnknown());
      }
      throw new StoreException(name + " write failed: " + cause.getMessage(), cause);
    }
  }

  private void loop() {
    // Each writer keeps its connection (in a transaction) for its lifetime: borrowing one from the
    // pool and switching auto-commit for every group costs more than the group's own inserts.
    Connection[] connection = new Connection[1];
    List<Op<?>> ops = new ArrayList<>(maxBatch);
    while (!closed || !queue.isEmpty()) {
      try {
        Op<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        ops.add(first);
        queue.drainTo(ops, maxBatch - 1);
        commitGroup(connection, ops);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeQuietly(connection);
        return;
      } catch (RuntimeException | Error e) {
        // Even an Error (out of memory, a native library's failure) fails only this group: a
        // writer that died would leave every later caller waiting forever.
        LOG.log(System.Logger.Level.ERROR, name + ": a group of writes failed", e);
        for (Op<?> op : ops) {
          op.future.completeExceptionally(e);
        }
      } finally {
        ops.clear();
      }
    }
    closeQuietly(connection);
  }

  private void commitGroup(Connection[] connection, List<Op<?>> ops) {
    // A writer holds its connection between groups, so the first group after the database
    // restarted finds it dead. Such a group is run once more on a fresh connection when it failed
    // before its commit was sent: nothing of it was committed, so nothing can be stored twice.
    for (int attempt = 1; ; attempt++) {
      Connection c;
      try {
        c = connect(connection);
      } catch (SQLException e) {
        closeQuietly(connection);
        failAll(ops, wrap(e, false, true));
        return;
      }
      boolean committing = false;
      try {
        runAll(c, ops);
        committing = true;
        c.commit();
        completeAll(ops);
        return;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c);
        if (!isValid(c)) {
          // The connection broke (the database restarted, a failover).
          closeQuietly(connection);
          if (!committing && attempt == 1) {
            LOG.log(
                System.Logger.Level.INFO,
                name + ": a writer connection was broken (" + e + "); retrying on a new one");
            continue;
          }
          // Lost while committing: the database may have committed before the connection went.
          failAll(ops, wrap(e, committing, true));
          return;
        }
        if (ops.size() == 1) {
          ops.get(0).future.completeExceptionally(wrap(e, false, false));
          return;
        }
      }
      isolate(connection, c, ops);
      return;
    }
  }

  /** Runs each op of a failed group alone in its own transaction, so only the bad one fails. */
  private void isolate(Connection[] connection, Connection c, List<Op<?>> ops) {
    for (int i = 0; i < ops.size(); i++) {
      Op<?> op = ops.get(i);
      boolean committing = false;
      try {
        op.runAlone(c);
        committing = true;
        c.commit();
        complete(op);
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c);
        boolean broken = !isValid(c);
        op.future.completeExceptionally(wrap(e, committing && broken, broken));
        if (broken) {
          closeQuietly(connection);
          failAll(ops.subList(i + 1, ops.size()), wrap(e, false, true));
          return;
        }
      }
    }
  }

  private Connection connect(Connection[] connection) throws SQLException {
    if (connection[0] == null) {
      Connection c = dataSource.getConnection();
      try {
        c.setAutoCommit(false);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection[0] = c;
    }
    return connection[0];
  }

  private static void failAll(List<Op<?>> ops, StoreException failure) {
    for (Op<?> op : ops) {
      op.future.completeExceptionally(failure);
    }
  }

  private static boolean isValid(Connection c) {
    try {
      return c.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void closeQuietly(Connection[] connection) {
    if (connection[0] != null) {
      try {
        connection[0].close();
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing a writer connection failed", e);
      }
      connection[0] = null;
    }
  }

  private static void runAll(Connection c, List<Op<?>> ops) throws SQLException {
    int i = 0;
    while (i < ops.size()) {
      Op<?> head = ops.get(i);
      Object key = head.batchKey();
      int j = i + 1;
      if (key != null) {
        while (j < ops.size() && key.equals(ops.get(j).batchKey())) {
          j++;
        }
      }
      if (j - i == 1) {
        head.runAlone(c);
      } else {
        head.runBatch(c, ops.subList(i, j));
      }
      i = j;
    }
  }

  private static void completeAll(List<Op<?>> ops) {
    for (Op<?> op : ops) {
      complete(op);
    }
  }

  private static <T> void complete(Op<T> op) {
    op.future.complete(op.result);
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // Fails when the connection broke, which the caller checks and handles next.
      LOG.log(System.Logger.Level.DEBUG, "rollback failed", e);
    }
  }

  /**
   * The failure handed to a group's callers; {@code broken} when the writer's connection broke or
   * could not be had, which makes it an outage (503) rather than a fault of the write (500).
   */
  private StoreException wrap(Throwable e, boolean outcomeUnknown, boolean broken) {
    if (e instanceof StoreException se
        && se.outcomeUnknown() == outcomeUnknown
        && (se.unavailable() || !broken)) {
      return se;
    }
    String message =
        name
            + (outcomeUnknown
                ? " lost its connection while committing, so the write may or may not be stored: "
                : " write failed: ")
            + e;
    return broken
        ? StoreException.unavailable(message, e, outcomeUnknown)
        : new StoreException(message, e, outcomeUnknown);
  }

  /** Finishes the writes already submitted, then stops the writer threads. */
  @Override
  public void close() {
    closed = true;
    for (Thread t : writers) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
