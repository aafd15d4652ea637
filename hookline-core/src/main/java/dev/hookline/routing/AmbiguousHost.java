package dev.hookline.routing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A URL host that reads as an IPv4 address but is not written as four decimal numbers from 0 to 255
 * without leading zeros: {@code 0x7f000001}, {@code 017700000001}, {@code 2130706433}, {@code
 * 127.1}, {@code 0177.0.0.1}, {@code 127.0.0.1.}. Browsers, the C library and the JDK disagree on
 * what such hosts mean (the JDK refuses octal and hex forms as "Invalid IP address literal" when it
 * connects; browsers read {@code 0x7f000001} as {@code 127.0.0.1}), so Hookline refuses them where
 * a URL is given instead of letting each client guess.
 *
 * <p>A host "reads as an IPv4 address" the way the WHATWG URL standard decides it: its last label
 * (after one trailing dot) is all decimal digits or {@code 0x} followed by hex digits. Any other
 * host is a name (or, in brackets, an IPv6 literal) and is not judged here.
 *
 * @param host the host as written
 * @param meaning the address a browser reads it as, when it reads as one at all
 * @param reason a sentence that names the host, says what is wrong and how to write it
 */
public record AmbiguousHost(String host, Optional<Inet4Address> meaning, String reason) {
  private static final Pattern CANONICAL =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

  /** Checks that no component is null. */
  public AmbiguousHost {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(meaning, "meaning");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Judges a URL host ({@code URI.getHost()}). Thread-safe; does no DNS lookup.
   *
   * @return the problem when the host reads as an IPv4 address written in a form other than four
   *     plain decimal numbers; empty for canonical addresses, names and IPv6 literals
   */
  public static Optional<AmbiguousHost> of(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty() || host.startsWith("[") || host.contains(":")) {
      return Optional.empty();
    }
    String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String[] parts = trimmed.split("\\.", -1);
    String last = parts[parts.length - 1];
    if (!NUMBER.matcher(last).matches()) {
      return Optional.empty(); // a name: DNS (and the connect-time guard) decide
    }
    if (CANONICAL.matcher(host).matches()) {
      return Optional.empty();
    }
    Optional<Inet4Address> meaning = read(parts);
    String how =
        meaning
            .map(
                a ->
                    "it can mean "
                        + a.getHostAddress()
                        + "; write the address as four decimal numbers ("
                        + a.getHostAddress()
                        + ")")
            .orElse("it is no valid address; write four decimal numbers from 0 to 255");
    return Optional.of(
        new AmbiguousHost(
            host,
            meaning,
            "host '"
                + printable(host)
                + "' is an IP address literal in an ambiguous form (hex, octal, shortened, leading"
                + " zeros or a trailing dot) that clients read differently; "
                + how
                + " or use a host name"));
  }

  /** The WHATWG IPv4 reading: 1 to 4 numbers, the last filling the remaining bytes. */
  private static Optional<Inet4Address> read(String[] parts) {
    if (parts.length > 4) {
      return Optional.empty();
    }
    long[] numbers = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].toLowerCase(Locale.ROOT);
      try {
        if (p.startsWith("0x")) {
          numbers[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
        } else if (p.length() > 1 && p.startsWith("0")) {
          numbers[i] = Long.parseLong(p.substring(1), 8);
        } else {
          numbers[i] = Long.parseLong(p);
        }
      } catch (NumberFormatException e) {
        return Optional.empty(); // empty label, a digit 8 or 9 in octal, or too long
      }
    }
    long value = 0;
    for (int i = 0; i < numbers.length - 1; i++) {
      if (numbers[i] > 255) {
        return Optional.empty();
      }
      value |= numbers[i] << (8 * (3 - i));
    }
    long last = numbers[numbers.length - 1];
    if (last >= 1L << (8 * (5 - numbers.length))) {
      return Optional.empty();
    }
    value |= last;
    byte[] bytes = {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
    try {
      return Optional.of((Inet4Address) InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      return Optional.empty(); // four bytes are always an address
    }
  }

  private static String printable(String host) {
    return host.length() > 100 ? host.substring(0, 100) + "..." : host;
  }
}
