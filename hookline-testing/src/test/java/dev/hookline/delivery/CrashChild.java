package dev.hookline.delivery;

import dev.hookline.Hookline;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.store.Store;
import dev.hookline.store.TestPostgres;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A Hookline node in its own JVM, for crash tests: {@link ChildNode} starts it and kills it with
 * SIGKILL.
 *
 * <p>Arguments: {@code STORE_URL ENDPOINT_URL EVENTS NODE_ID LEASE_MILLIS MAX_IN_FLIGHT}. Publishes
 * {@code evt_0 .. evt_<EVENTS-1>} to one endpoint and reports on stdout, one line each:
 *
 * <ul>
 *   <li>{@code ready} once Hookline runs;
 *   <li>{@code accepted <id>} after {@code publish} returned, i.e. once the event is durable: only
 *       these are promised to be delivered;
 *   <li>{@code delivered <id>} once a success is stored (the listener runs after that);
 *   <li>{@code published} after the last event.
 * </ul>
 *
 * Then it runs until it is killed.
 */
public final class CrashChild {
  /** The signing secret the child signs with, so a node taking over can sign the same way. */
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** Long enough that no request the tests hold open ever times out. */
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  private CrashChild() {}

  /** Runs the child; see the class comment for the arguments. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 6) {
      System.err.println(
          "usage: CrashChild STORE_URL ENDPOINT_URL EVENTS NODE_ID LEASE_MILLIS MAX_IN_FLIGHT");
      System.exit(2);
    }
    String storeUrl = args[0];
    URI endpointUrl = URI.create(args[1]);
    int events = Integer.parseInt(args[2]);
    String nodeId = args[3];
    Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
    int maxInFlight = Integer.parseInt(args[5]);
    PrintStream out = System.out;
    try (Hookline hookline =
        Hookline.builder()
            .store(Store.open(storeUrl, TestPostgres.KEYS))
            .signingSecret(SECRET)
            .allowPrivateNetworks(true)
            .nodeId(nodeId)
            .lease(lease)
            .maxInFlight(maxInFlight)
            .pollInterval(Duration.ofMillis(20))
            .endpoint(endpoint(endpointUrl))
            .onSuccess(o -> report(out, "delivered " + o.event().id()))
            .build()) {
      report(out, "ready");
      for (int i = 0; i < events; i++) {
        hookline.publish(event(i));
        report(out, "accepted evt_" + i);
      }
      report(out, "published");
      new CountDownLatch(1).await();
    }
  }

  /** The endpoint every node of a crash test has, pointing at the test's receiver. */
  static Endpoint endpoint(URI url) {
    return Endpoint.builder("ops", url).events("*").timeout(TIMEOUT).build();
  }

  /** The {@code i}th event the child publishes. */
  static Event event(int i) {
    return Event.builder("order.created").id("evt_" + i).put("n", i).build();
  }

  private static void report(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
