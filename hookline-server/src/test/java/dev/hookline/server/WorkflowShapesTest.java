package dev.hookline.server;

import static dev.hookline.server.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hookline.server.TestServer.Response;
import dev.hookline.server.config.HooklineConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Workflow definitions of odd JSON shapes are 400 naming the field, never 500. */
class WorkflowShapesTest {
  @TempDir Path dir;
  TestServer t;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"send\":{\"endpoint\":\"sink\",\"data\":null}}]}"
            + "|steps[0].send.data",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"emit\":{\"type\":\"t\",\"data\":null}}]}"
            + "|steps[0].emit.data",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"template\":null}]}|steps[0].template",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"log\":null}]}|steps[0].log",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"when\":null}]}|steps[0].when",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"http\":null}]}|steps[0].http",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"send\":null}]}|steps[0].send",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"send\":[]}]}|steps[0].send",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"send\":\"sink\"}]}|steps[0].send",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"send\":{\"endpoint\":{}}}]}"
            + "|steps[0].send.endpoint",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"send\":{\"endpoint\":null}}]}"
            + "|steps[0].send.endpoint",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"emit\":{\"type\":[\"a\"]}}]}"
            + "|steps[0].emit.type",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"http\":{\"url\":\"http://x\",\"headers\":{\"A\":null}}}]}"
            + "|steps[0].http.headers.A",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"http\":{\"url\":\"http://x\",\"headers\":{\"A\":{}}}}]}"
            + "|steps[0].http.headers.A",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"http\":{\"url\":\"http://x\",\"headers\":[]}}]}"
            + "|steps[0].http.headers",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"http\":{\"url\":\"http://x\",\"timeout\":null}}]}"
            + "|steps[0].http.timeout",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"http\":{\"url\":\"http://x\",\"timeout\":{}}}]}"
            + "|steps[0].http.timeout",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"http\":{\"url\":\"http://x\",\"method\":5}}]}"
            + "|steps[0].http.method",
        "{\"name\":\"w1\",\"steps\":[{\"name\":\"s\",\"http\":{\"url\":5}}]}|steps[0].http.url",
        "{\"name\":\"w1\",\"steps\":[null]}|steps[0]",
        "{\"name\":\"w1\",\"steps\":[\"s\"]}|steps[0]",
        "{\"name\":\"w1\",\"steps\":[[]]}|steps[0]",
        "{\"name\":\"w1\",\"steps\":[{\"name\":null,\"log\":\"x\"}]}|steps[0].name",
        "{\"name\":\"w1\",\"steps\":[{\"name\":[],\"log\":\"x\"}]}|steps[0].name",
        "{\"name\":\"w1\",\"steps\":{}}|steps",
        "{\"name\":\"w1\",\"steps\":null}|steps",
        "{\"name\":\"w1\",\"steps\":\"s\"}|steps",
        "{\"steps\":{}}|name",
        "{\"name\":null,\"steps\":[]}|name",
        "{\"name\":{},\"steps\":[]}|name",
        "{\"name\":\"w1\",\"inputs\":[],\"steps\":[{\"name\":\"s\",\"log\":\"x\"}]}|inputs",
        "{\"name\":\"w1\",\"inputs\":{\"a\":null},\"steps\":[{\"name\":\"s\",\"log\":\"x\"}]}|inputs.a",
        "{\"name\":\"w1\",\"inputs\":{\"a\":{\"type\":null,\"required\":\"yes\"}},\"steps\":[{\"name\":\"s\",\"log\":\"x\"}]}"
            + "|inputs.a.required",
        "{\"name\":\"w1\",\"on\":{},\"steps\":[{\"name\":\"s\",\"log\":\"x\"}]}|on",
        "{\"name\":\"w1\",\"on\":[null],\"steps\":[{\"name\":\"s\",\"log\":\"x\"}]}|on[0]",
        "{\"name\":\"w1\",\"on\":[5],\"steps\":[{\"name\":\"s\",\"log\":\"x\"}]}|on[0]",
        "{\"name\":\"w1\",\"description\":{},\"steps\":[{\"name\":\"s\",\"log\":\"x\"}]}|description",
        "[]|workflow",
        "null|workflow",
        "5|workflow",
        "{\"config_path\":null}|config_path",
        "{\"config_path\":{}}|config_path",
        "{\"config_path\":5}|config_path",
      })
  void oddShapesAre400NamingTheField(String body, String field) {
    Response r = t.post("/api/workflows", body);

    assertError(r, 400, "invalid_workflow");
    assertThat(r.json().path("message").asText()).contains(field);
    assertThat(t.get("/api/workflows").json().path("data")).isEmpty();
  }

  @Test
  void nullTemplatesInTheConfigFileNameTheYamlKey() {
    HooklineConfig config =
        TestServer.config(
            dir,
            t.secret,
            c ->
                HooklineConfig.parse(
                        "workflows:\n"
                            + "  - name: w1\n"
                            + "    steps:\n"
                            + "      - name: s\n"
                            + "        send: {endpoint: sink, data: null}\n",
                        Map.of(),
                        dir)
                    .withStore("jdbc:sqlite:" + dir.resolve("other.db"))
                    .withServer(c.server()));
    t.close();

    Throwable e = catchThrowable(() -> new TestServer(config).close());

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("workflows[0].steps[0].send.data");
  }
}
