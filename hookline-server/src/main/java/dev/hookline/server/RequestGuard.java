package dev.hookline.server;

import dev.hookline.server.config.HooklineConfig.ServerSettings;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses what a web page in the developer's browser could send to this server: requests from
 * another origin (CSRF), requests under a foreign {@code Host} to a keyless server (DNS rebinding)
 * and API bodies that are not JSON (the "simple" requests a page can send without asking).
 *
 * <p>Requests without an {@code Origin} (the CLI, curl, SDKs, webhook senders) and same-origin
 * requests (the dashboard) pass. Runs before authentication, so a refused request learns nothing
 * about the keys; the JSON check runs after it, so a caller without a key learns only that.
 */
final class RequestGuard {
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final boolean keyless;
  private final List<String> corsOrigins;

  RequestGuard(ServerSettings settings) {
    this.keyless = settings.apiKeys().isEmpty();
    this.corsOrigins = settings.corsOrigins();
  }

  /** The before-handler for every route: origin, host, nosniff. */
  void check(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    String path = ctx.path();
    boolean api = path.startsWith("/api/") || path.equals("/api") || path.equals("/metrics");
    String origin = ctx.header("Origin");
    if (origin != null) {
      checkOrigin(ctx, origin);
    } else if (api && crossSiteFetch(ctx)) {
      throw new ApiException(
          403,
          "origin_not_allowed",
          "a request from another site's page (Sec-Fetch-Site: "
              + ctx.header("Sec-Fetch-Site")
              + ") is refused; call the API from a server, the CLI or an allowed origin");
    }
    // A webhook sender behind a tunnel or proxy names the public host; its request is signed. A
    // page (it always sends Origin on POST) is judged by its Host like everyone else.
    boolean webhookFromServer = path.startsWith("/webhooks/") && origin == null;
    if (keyless && !webhookFromServer && !loopbackHost(ctx.header("Host"))) {
      throw new ApiException(
          403,
          "host_not_allowed",
          "this server has no API keys, so it answers only requests addressed to a loopback name"
              + " (localhost, 127.0.0.1, [::1]); set server.api_keys to serve other host names");
    }
  }

  /**
   * The before-handler for {@code /api/*}, after authentication: a body must be JSON, so that no
   * HTML form or {@code text/plain} "simple" request can reach an operation.
   */
  void requireJsonBody(Context ctx) {
    if (BODY_METHODS.contains(ctx.method().name()) && hasBody(ctx)) {
      checkJson(ctx.header("Content-Type"));
    }
  }

  private void checkOrigin(Context ctx, String origin) {
    if (origin.equals("null")) {
      throw new ApiException(
          403,
          "origin_not_allowed",
          "a request from an opaque origin (Origin: null: a sandboxed page, a file, a redirect) is"
              + " refused");
    }
    String normalized;
    try {
      normalized = ServerSettings.normalizeOrigin(origin);
    } catch (IllegalArgumentException e) {
      throw new ApiException(403, "origin_not_allowed", "the Origin header is not an origin");
    }
    if (sameOrigin(normalized, ctx.header("Host")) || corsOrigins.contains(normalized)) {
      return;
    }
    throw new ApiException(
        403,
        "origin_not_allowed",
        "requests from pages at "
            + normalized
            + " are refused; list the origin in server.cors_origins to allow it");
  }

  /** Same origin as the page the server served: the Origin's authority is the Host asked for. */
  private static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    String scheme = origin.substring(0, origin.indexOf(':'));
    String authority = origin.substring(scheme.length() + 3);
    String h = host.trim().toLowerCase(Locale.ROOT);
    String defaultPort = scheme.equals("https") ? ":443" : ":80";
    if (h.endsWith(defaultPort)) {
      h = h.substring(0, h.length() - defaultPort.length());
    }
    return authority.equals(h);
  }

  /**
   * A browser's no-cors subresource request from another site (an image, a script tag). Such
   * requests carry no Origin; Fetch Metadata says where they come from. Navigations pass.
   */
  private static boolean crossSiteFetch(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site == null) {
      return false;
    }
    site = site.trim().toLowerCase(Locale.ROOT);
    boolean foreign = site.equals("cross-site") || site.equals("same-site");
    return foreign && !"navigate".equalsIgnoreCase(ctx.header("Sec-Fetch-Mode"));
  }

  /** localhost, *.localhost, 127.0.0.0/8 as dotted quads, [::1]; a missing Host (HTTP/1.0) too. */
  static boolean loopbackHost(String host) {
    if (host == null || host.isBlank()) {
      return true;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && h.substring(1, end).equals("::1") && validPort(h.substring(end + 1));
    }
    int colon = h.indexOf(':');
    String name = colon < 0 ? h : h.substring(0, colon);
    if (colon >= 0 && !validPort(h.substring(colon))) {
      return false;
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    String[] parts = name.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean validPort(String suffix) {
    return suffix.isEmpty() || suffix.matches(":[0-9]{1,5}");
  }

  private static boolean hasBody(Context ctx) {
    return ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null;
  }

  /** application/json or application/*+json, in UTF-8 (JSON's only charset, RFC 8259). */
  private static void checkJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw unsupported("a request body needs Content-Type: application/json");
    }
    String[] parts = contentType.split(";", -1); // ";;;" still has a (blank) media type
    String media = parts[0].trim().toLowerCase(Locale.ROOT);
    boolean json =
        media.equals("application/json")
            || (media.startsWith("application/") && media.endsWith("+json"));
    if (!json) {
      throw unsupported(
          "the body must be JSON (Content-Type: application/json), got Content-Type: "
              + parts[0].trim());
    }
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].trim();
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
        String charset = param.substring(eq + 1).trim().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          throw unsupported("JSON bodies are UTF-8; got charset=" + charset);
        }
      }
    }
  }

  private static ApiException unsupported(String message) {
    return new ApiException(415, "unsupported_media_type", message);
  }
}
