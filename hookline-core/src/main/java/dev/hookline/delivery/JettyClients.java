package dev.hookline.delivery;

import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The one way Hookline makes an outbound Jetty client, for deliveries and for the server's workflow
 * {@code http} steps alike: named daemon threads, redirects not followed (a 3xx is an answer), and
 * unless private networks are allowed, the guard that refuses loopback, private and link-local
 * addresses after DNS resolution.
 */
public final class JettyClients {
  private JettyClients() {}

  /**
   * A started client.
   *
   * @param name the prefix of its threads' names ({@code hookline-http})
   * @param maxThreads the most threads it runs on (at least {@code minThreads})
   * @param minThreads the threads it keeps when idle
   * @param allowPrivateNetworks whether it may connect to private addresses
   * @param configure settings applied before it starts (timeouts, connection limits)
   * @throws IllegalStateException when the client cannot start
   */
  public static HttpClient start(
      String name,
      int maxThreads,
      int minThreads,
      boolean allowPrivateNetworks,
      Consumer<HttpClient> configure) {
    QueuedThreadPool threads = new QueuedThreadPool(maxThreads, minThreads);
    threads.setName(name);
    threads.setDaemon(true);
    ScheduledExecutorScheduler scheduler =
        new ScheduledExecutorScheduler(name + "-scheduler", true);
    HttpClient client = new HttpClient();
    client.setExecutor(threads);
    client.setScheduler(scheduler);
    client.setFollowRedirects(false);
    if (!allowPrivateNetworks) {
      client.setSocketAddressResolver(new NetworkGuard(threads, scheduler, 10_000));
    }
    configure.accept(client);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException(name + " HTTP client did not start", e);
    }
    return client;
  }
}
