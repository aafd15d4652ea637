package dev.hookline.bench;

/**
 * One way of getting requests to the {@link Sink}, measured by the {@link LoadTool}: a raw HTTP
 * client, wrk, or a delivery engine. To add one, implement this interface and list an instance in
 * {@link LoadTool#SCENARIOS}.
 *
 * <p>The contract with the tool:
 *
 * <ul>
 *   <li>The tool {@linkplain Sink#reset() resets} the sink before each run, and runs scenarios one
 *       after another, never two at once, so the sink's counters belong to the running scenario.
 *   <li>A scenario does its own warm-up ({@link Options#warmup()}), waits until nothing it sent is
 *       still in flight, then may {@linkplain Sink#reset() reset} the sink again before measuring.
 *   <li>To have latency measured, register a table of send times with {@link
 *       Sink#expect(java.util.concurrent.ConcurrentMap)} before sending, put {@code id →
 *       System.nanoTime()} in it for every request (the id goes in the {@value Sink#ID_HEADER}
 *       header), and read {@link Sink#report()} when done. The sink removes entries as their ids
 *       arrive, so the table stays small and what is left in it never arrived.
 *   <li>Before returning, a scenario waits for what it sent to arrive (or gives up with a note),
 *       closes what it opened, and leaves the sink up and answering 200: the next scenario uses it.
 *   <li>It returns {@link Result#unavailable} rather than throwing when something it needs is
 *       missing (a binary, {@code --postgres-url}); an exception is reported as a failed run and
 *       the tool goes on with the next scenario.
 * </ul>
 */
public interface Scenario {

  /** A short, unique, lower-case name, used in {@code --scenarios=} and in the table. */
  String name();

  /**
   * Runs once against {@code sink} and reports what it measured. Called on the tool's main thread.
   *
   * @throws Exception when the run failed; the tool prints the message and goes on
   */
  Result run(Sink sink, Options options) throws Exception;
}
