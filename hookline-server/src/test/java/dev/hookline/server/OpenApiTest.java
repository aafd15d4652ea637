package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiTest {
  @TempDir Path dir;

  @Test
  void openApiDocumentIsValidAndListsExactlyTheRoutesServed() {
    try (TestServer t = new TestServer(dir)) {
      TestServer.Response r =
          t.sendRaw(java.net.http.HttpRequest.newBuilder(t.uri("/openapi.json")));

      SwaggerParseResult parsed = new OpenAPIParser().readContents(r.body(), null, null);

      assertThat(r.status()).isEqualTo(200);
      assertThat(parsed.getMessages()).isEmpty();
      OpenAPI api = parsed.getOpenAPI();
      Set<HttpApi.Route> documented = new HashSet<>();
      api.getPaths()
          .forEach(
              (path, item) ->
                  item.readOperationsMap()
                      .keySet()
                      .forEach(
                          m ->
                              documented.add(
                                  new HttpApi.Route(m.name().toLowerCase(Locale.ROOT), path))));
      assertThat(documented).containsExactlyInAnyOrderElementsOf(HttpApi.routeTable(t.server));
      assertThat(api.getPaths().get("/api/events").getPost()).isNotNull();
      assertThat(PathItem.HttpMethod.values()).isNotEmpty();
    }
  }
}
