package dev.hookline.delivery;

import dev.hookline.routing.AmbiguousHost;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Resolves endpoint hosts and drops addresses in private networks before the client connects.
 * Checking the resolved address at connect time (not the URL when the endpoint is registered) is
 * what stops DNS rebinding: the name is judged by the address actually dialled.
 */
final class NetworkGuard implements SocketAddressResolver {
  private final SocketAddressResolver delegate;

  /**
   * A guard over Jetty's asynchronous resolver; install it with {@code
   * HttpClient.setSocketAddressResolver}. Hosts resolving only to private addresses fail with
   * {@link PrivateNetworkException}.
   */
  NetworkGuard(Executor executor, Scheduler scheduler, long timeoutMillis) {
    this.delegate = new SocketAddressResolver.Async(executor, scheduler, timeoutMillis);
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
    // A literal such as 0x7f000001 never reaches the resolver (the JDK refuses it there as an
    // "Invalid IP address literal"): judged by what it can mean, it gets the same refusal as
    // 127.0.0.1.
    Optional<PrivateNetworkException> literal = refuseLiteral(host);
    if (literal.isPresent()) {
      promise.failed(literal.get());
      return;
    }
    delegate.resolve(
        host,
        port,
        context,
        new Promise<>() {
          @Override
          public void succeeded(List<InetSocketAddress> addresses) {
            List<InetSocketAddress> allowed = new ArrayList<>(addresses.size());
            InetAddress refused = null;
            for (InetSocketAddress a : addresses) {
              if (isPrivate(a.getAddress())) {
                refused = a.getAddress();
              } else {
                allowed.add(a);
              }
            }
            if (allowed.isEmpty() && refused != null) {
              promise.failed(refusal(host, refused));
            } else {
              promise.succeeded(allowed);
            }
          }

          @Override
          public void failed(Throwable x) {
            promise.failed(x);
          }
        });
  }

  /**
   * The refusal for a host that resolves (or, as a literal, reads) only to a private address: the
   * one error deliveries, e-mail and workflow {@code http} steps give.
   */
  public static PrivateNetworkException refusal(String host, InetAddress address) {
    return new PrivateNetworkException(
        "host '"
            + host
            + "' resolves to "
            + address.getHostAddress()
            + ", a private or loopback address; Hookline does not deliver there"
            + " unless private networks are allowed (server.private_networks: allow, or"
            + " per_endpoint with the endpoint's allow_private_network: true)");
  }

  /**
   * The refusal of a host written as an {@link AmbiguousHost ambiguous IPv4 literal} ({@code
   * 0x7f000001}): the private-address refusal when what it can mean is private, else one that says
   * how to write it. Other hosts are judged once resolved. Does no DNS lookup.
   *
   * @return the refusal, as {@link #resolve} fails with it; empty when the host is not such a
   *     literal
   */
  public static Optional<PrivateNetworkException> refuseLiteral(String host) {
    Optional<AmbiguousHost> ambiguous = AmbiguousHost.of(host);
    if (ambiguous.isPresent()) {
      Optional<Inet4Address> meaning = ambiguous.get().meaning();
      return Optional.of(
          meaning.isPresent() && isPrivate(meaning.get())
              ? refusal(host, meaning.get())
              : new PrivateNetworkException(
                  ambiguous.get().reason() + "; Hookline does not connect to it"));
    }
    return Optional.empty();
  }

  /**
   * Loopback, private, link-local (cloud metadata), CGNAT, unique-local, multicast, unspecified;
   * for IPv6 also NAT64 and the forms that carry an IPv4 address (mapped {@code ::ffff:0:0/96},
   * IPv4-compatible {@code ::/96}, 6to4 {@code 2002::/16}), judged by the IPv4 address inside.
   */
  static boolean isPrivate(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xFF;
      int second = b[1] & 0xFF;
      return first == 0 // "this" network
          || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
          || (first == 192 && second == 0 && (b[2] & 0xFF) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved, broadcast
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xFE) == 0xFC) {
        return true; // unique local fc00::/7
      }
      if ((b[0] & 0xFF) == 0x00
          && (b[1] & 0xFF) == 0x64
          && (b[2] & 0xFF) == 0xFF
          && (b[3] & 0xFF) == 0x9B) {
        // NAT64 64:ff9b::/96 and the local-use 64:ff9b:1::/48 can reach any IPv4 address,
        // private ones included
        return true;
      }
      boolean zeros = true;
      for (int i = 0; i < 10; i++) {
        zeros &= b[i] == 0;
      }
      if (zeros && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
        return isPrivate(ipv4(b, 12)); // IPv4-mapped ::ffff:a.b.c.d
      }
      if (zeros && b[10] == 0 && b[11] == 0) {
        // IPv4-compatible ::a.b.c.d (deprecated, RFC 4291 2.5.5.1): stacks that still translate
        // it reach the IPv4 address inside. (:: and ::1 are caught above.)
        return isPrivate(ipv4(b, 12));
      }
      if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
        return isPrivate(ipv4(b, 2)); // 6to4 2002:aabb:ccdd::/48 relays to a.b.c.d
      }
    }
    return false;
  }

  private static InetAddress ipv4(byte[] b, int from) {
    try {
      return InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("four bytes are always an IPv4 address", e);
    }
  }
}
