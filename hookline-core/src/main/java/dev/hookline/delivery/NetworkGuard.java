package dev.hookline.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Resolves endpoint hosts and drops addresses in private networks before the client connects.
 * Checking the resolved address at connect time (not the URL when the endpoint is registered) is
 * what stops DNS rebinding: the name is judged by the address actually dialled.
 */
public final class NetworkGuard implements SocketAddressResolver {
  private final SocketAddressResolver delegate;

  /**
   * A guard over Jetty's asynchronous resolver; install it with {@code
   * HttpClient.setSocketAddressResolver}. Hosts resolving only to private addresses fail with
   * {@link PrivateNetworkException}.
   */
  public NetworkGuard(Executor executor, Scheduler scheduler, long timeoutMillis) {
    this.delegate = new SocketAddressResolver.Async(executor, scheduler, timeoutMillis);
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
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
              promise.failed(
                  new PrivateNetworkException(
                      "host '"
                          + host
                          + "' resolves to "
                          + refused.getHostAddress()
                          + ", a private or loopback address; Hookline does not deliver there"
                          + " unless allow_private_networks is set"));
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
   * Loopback, private, link-local (cloud metadata), CGNAT, unique-local, multicast, unspecified.
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
        return true; // NAT64 64:ff9b::/96 can reach any IPv4 address, private ones included
      }
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
        try {
          return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (java.net.UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }
}
