package dev.hookline.server;

import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import java.util.Map;

/**
 * The web dashboard at {@code /}: static files (HTML, CSS, JavaScript modules, a vendored Chart.js)
 * shipped in the jar under {@value #DIRECTORY}. The files themselves are open; the page asks for an
 * API key and sends it on every {@code /api} call it makes, so it can do nothing the API does not
 * allow.
 */
final class Dashboard {
  /** Where the files are on the classpath. */
  static final String DIRECTORY = "/dev/hookline/server/dashboard";

  /** Only our own files: no inline script, no other origin, no framing. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private Dashboard() {}

  static void configure(StaticFileConfig files) {
    files.hostedPath = "/";
    files.directory = DIRECTORY;
    files.location = Location.CLASSPATH;
    files.headers =
        Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            // revalidated on every load (ETag), so a new version shows at once after an upgrade
            "Cache-Control", "no-cache");
  }
}
