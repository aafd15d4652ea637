package dev.hookline.delivery;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether deliveries may reach loopback, private, link-local (cloud metadata) and other internal
 * addresses. Refused by default, so that a registered URL cannot reach internal services (SSRF).
 */
public enum PrivateNetworks {
  /** No endpoint may reach a private address (the default). */
  DENY,
  /** Only endpoints that say {@code allow_private_network: true} may. */
  PER_ENDPOINT,
  /** Every endpoint may. */
  ALLOW;

  /** The config name: {@code deny}, {@code per_endpoint}, {@code allow}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The value with this config name, ignoring case. */
  public static Optional<PrivateNetworks> fromName(String name) {
    for (PrivateNetworks p : values()) {
      if (p.wireName().equalsIgnoreCase(name.trim())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether an endpoint that asks ({@code allowPrivateNetwork}) or not may reach one. */
  public boolean allows(boolean endpointAsks) {
    return this == ALLOW || (this == PER_ENDPOINT && endpointAsks);
  }
}
