package dev.hookline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the CPU of a measured run went: CPU time of this process's threads between {@link #start}
 * and {@link #stop}, grouped into parts by thread name ({@link #PARTS}), plus what the JVM spent
 * outside Java threads (JIT compilers, GC). On a machine whose cores are all busy, the CPU one
 * request costs, not the wall time, is what bounds the rate, so this says which part to make
 * cheaper.
 *
 * <p>Threads that end inside the window are not seen by part; their time still counts in the total
 * (the process CPU time), under {@code jvm+other}.
 */
final class CpuMeter {
  /** Thread-name prefixes and the part they belong to; the first match wins. */
  static final List<Map.Entry<String, String>> PARTS =
      List.of(
          Map.entry("sink", "sink"),
          Map.entry("raw-client", "client"),
          Map.entry("hookline-http", "client"),
          Map.entry("hookline-store-writer", "store"),
          Map.entry("bench-publisher", "publish"),
          Map.entry("bench-completer", "engine"),
          Map.entry("hookline-", "engine"),
          // Names as a child server's /proc shows them (comm, cut at 15 characters).
          Map.entry("JettyServerThre", "http"),
          Map.entry("qtp", "http"),
          Map.entry("C1 CompilerThre", "jit"),
          Map.entry("C2 CompilerThre", "jit"),
          Map.entry("GC Thread", "gc"),
          Map.entry("G1 ", "gc"));

  private static final String OTHER = "jvm+other";

  /** How often thread CPU times are read, so that threads ending in the window still count. */
  static final Duration PERIOD = Duration.ofMillis(50);

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final long processStart;
  private final Map<Long, Long> threadStart = new HashMap<>();
  // Latest CPU time and name of every thread seen in the window; guarded by this.
  private final Map<Long, Long> latest = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final Thread sampler;
  private final String server;
  private final Map<Long, Long> serverStart;
  private final long childPid;
  private final Map<Long, Long> childStart;

  private CpuMeter(String server) {
    this(server, -1);
  }

  private CpuMeter(String server, long childPid) {
    this.server = server;
    this.childPid = childPid;
    serverStart = server == null ? Map.of() : serverTimes(server);
    childStart = new HashMap<>();
    if (childPid > 0) {
      childThreadTimes(childPid, new HashMap<>()).forEach(childStart::put);
    }
    processStart = os.getProcessCpuTime();
    threadStart.putAll(sample());
    sampler = Thread.ofPlatform().name("cpu-meter").daemon().start(this::loop);
  }

  /** Starts measuring now. */
  static CpuMeter start() {
    return new CpuMeter(null);
  }

  /**
   * Starts measuring now, counting too the CPU of this machine's processes running the program
   * {@code server} (e.g. {@code postgres}: a database the run uses is part of its cost). Nothing is
   * counted for a server on another machine, or whose processes this user cannot see.
   */
  static CpuMeter startWithServer(String server) {
    return new CpuMeter(server);
  }

  /**
   * Starts measuring now, counting too the threads of the child process {@code pid} (a {@code
   * hookline serve}), by part as {@code server:<part>} from their thread names, and, when {@code
   * server} is not null, the processes of that program (see {@link #startWithServer}).
   */
  static CpuMeter startWithChild(long pid, String server) {
    return new CpuMeter(server, pid);
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(PERIOD);
      } catch (InterruptedException e) {
        return;
      }
      sample();
    }
  }

  /**
   * The CPU used since {@link #start}, per request. Call once.
   *
   * @param requests what the run did in the window (requests answered, events delivered)
   * @param external CPU used by a helper process in the window (wrk), or zero
   */
  CpuUse stop(long requests, Duration external) {
    sampler.interrupt();
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
    long process = os.getProcessCpuTime() - processStart;
    Map<String, Long> byPart = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : PARTS) {
      byPart.putIfAbsent(p.getValue(), 0L);
    }
    long seen = 0;
    synchronized (this) {
      for (Map.Entry<Long, Long> t : latest.entrySet()) {
        long used = t.getValue() - threadStart.getOrDefault(t.getKey(), 0L);
        String part = partOf(names.getOrDefault(t.getKey(), ""));
        if (!part.equals(OTHER) && used > 0) {
          byPart.merge(part, used, Long::sum);
          seen += used;
        }
      }
    }
    byPart.put(OTHER, Math.max(0, process - seen));
    if (!external.isZero()) {
      byPart.put("wrk", external.toNanos());
    }
    long serverUsed = 0;
    if (server != null) {
      for (Map.Entry<Long, Long> p : serverTimes(server).entrySet()) {
        serverUsed += Math.max(0, p.getValue() - serverStart.getOrDefault(p.getKey(), 0L));
      }
      byPart.put(server, serverUsed);
    }
    long childUsed = 0;
    if (childPid > 0) {
      Map<Long, String> childNames = new HashMap<>();
      for (Map.Entry<Long, Long> t : childThreadTimes(childPid, childNames).entrySet()) {
        long used = Math.max(0, t.getValue() - childStart.getOrDefault(t.getKey(), 0L));
        childUsed += used;
        byPart.merge("server:" + partOf(childNames.getOrDefault(t.getKey(), "")), used, Long::sum);
      }
    }
    byPart.values().removeIf(v -> v == 0);
    long n = Math.max(1, requests);
    Map<String, Double> micros = new LinkedHashMap<>();
    byPart.forEach((part, nanos) -> micros.put(part, nanos / 1e3 / n));
    return new CpuUse((process + external.toNanos() + serverUsed + childUsed) / 1e3 / n, micros);
  }

  static String partOf(String threadName) {
    for (Map.Entry<String, String> p : PARTS) {
      if (threadName.startsWith(p.getKey())) {
        return p.getValue();
      }
    }
    return OTHER;
  }

  /**
   * CPU time so far of each process of this machine whose name ({@code /proc/<pid>/comm}) is {@code
   * program}, by pid. Read from {@code /proc}, which shows every user's processes (the JDK's {@code
   * ProcessHandle} cannot name another user's); empty where there is no {@code /proc}.
   */
  static Map<Long, Long> serverTimes(String program) {
    Map<Long, Long> out = new HashMap<>();
    java.io.File[] entries = new java.io.File("/proc").listFiles();
    if (entries == null) {
      return out;
    }
    for (java.io.File dir : entries) {
      String name = dir.getName();
      if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
        continue;
      }
      try {
        String comm = java.nio.file.Files.readString(dir.toPath().resolve("comm")).strip();
        if (!comm.equals(program)) {
          continue;
        }
        String stat = java.nio.file.Files.readString(dir.toPath().resolve("stat"));
        // After the name in parentheses: state is field 3, utime and stime fields 14 and 15.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        out.put(Long.parseLong(name), ticks * NANOS_PER_TICK);
      } catch (java.io.IOException | RuntimeException gone) {
        // the process ended while being read, or is not readable: skip it
      }
    }
    return out;
  }

  /**
   * CPU time so far of each thread of process {@code pid}, by thread id, from {@code
   * /proc/<pid>/task/<tid>/stat}; puts each thread's name ({@code comm}, at most 15 characters) in
   * {@code names}. Threads that ended are not counted: the caller reads at the end of a window, and
   * a server's threads live as long as it does.
   */
  static Map<Long, Long> childThreadTimes(long pid, Map<Long, String> names) {
    Map<Long, Long> out = new HashMap<>();
    java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
    if (tasks == null) {
      return out;
    }
    for (java.io.File task : tasks) {
      try {
        String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long tid = Long.parseLong(task.getName());
        out.put(tid, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK);
        names.put(tid, comm);
      } catch (java.io.IOException | RuntimeException gone) {
        // the thread ended while being read
      }
    }
    return out;
  }

  /** {@code /proc} counts CPU time in clock ticks of 1/100 s (USER_HZ on Linux). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** Whether {@link #startWithServer} found a process of its server when it started. */
  boolean serverSeen() {
    return !serverStart.isEmpty();
  }

  /** Reads every live thread's CPU time (and name, the first time it is seen). */
  private synchronized Map<Long, Long> sample() {
    Map<Long, Long> now = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t >= 0) {
        now.put(id, t);
        latest.put(id, t);
        if (!names.containsKey(id)) {
          ThreadInfo info = threads.getThreadInfo(id);
          names.put(id, info == null ? "" : info.getThreadName());
        }
      }
    }
    return now;
  }
}
