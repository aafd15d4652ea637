package dev.hookline.delivery;

import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;

/**
 * Which transport carries an endpoint's requests: SMTP for e-mail endpoints, HTTP for the others,
 * through the private-network guard unless the endpoint may do without. Thread-safe.
 */
final class Transports implements AutoCloseable {
  private final PrivateNetworks privateNetworks;
  private final int maxPerEndpoint;
  private final String userAgent;
  private final HttpTransport guarded; // guarded unless every endpoint may reach private networks
  private final MailTransport mail;
  private final Object unguardedLock = new Object();
  private HttpTransport unguarded; // PER_ENDPOINT: for the endpoints that ask; guarded by the lock

  Transports(PrivateNetworks privateNetworks, int maxPerEndpoint, String userAgent) {
    this.privateNetworks = privateNetworks;
    this.maxPerEndpoint = maxPerEndpoint;
    this.userAgent = userAgent;
    this.guarded =
        new HttpTransport(privateNetworks == PrivateNetworks.ALLOW, maxPerEndpoint, userAgent);
    this.mail = new MailTransport(privateNetworks);
  }

  /** The transport for {@code e}'s requests. */
  Transport of(Endpoint e) {
    return e.format() == Format.EMAIL ? mail : http(e);
  }

  /** The HTTP client for what integrations look up (Jira's user search): always the default. */
  HttpTransport lookups() {
    return guarded;
  }

  private HttpTransport http(Endpoint e) {
    if (privateNetworks != PrivateNetworks.PER_ENDPOINT || !e.allowPrivateNetwork()) {
      return guarded;
    }
    synchronized (unguardedLock) {
      if (unguarded == null) {
        unguarded = new HttpTransport(true, maxPerEndpoint, userAgent);
      }
      return unguarded;
    }
  }

  @Override
  public void close() {
    guarded.close();
    synchronized (unguardedLock) {
      if (unguarded != null) {
        unguarded.close();
      }
    }
    mail.close();
  }
}
