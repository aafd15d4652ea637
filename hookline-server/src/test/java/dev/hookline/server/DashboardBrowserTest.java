package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium against a real server with real traffic: one endpoint that
 * answers 200, one that answers 500 (so there are failures and dead deliveries), a signed and a
 * forged inbound request, a workflow run. The tests share that server and browser and run in order
 * (login first). Each page is saved as a screenshot under {@code target/screenshots/}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}: skipped without them, except
 * under CI ({@code CI=true}), where their absence fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final String PARTNER_SECRET = "partner-secret-0123";
  static final Duration WAIT = Duration.ofSeconds(20);

  Path dir;
  WebhookReceiver ok;
  WebhookReceiver failing;
  TestServer t;
  WebDriver driver;
  WebDriverWait wait;

  @BeforeAll
  void start() throws Exception {
    Optional<Path> chromium =
        executable("HOOKLINE_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
    Optional<Path> chromedriver =
        executable(
            "HOOKLINE_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    if (chromium.isEmpty() || chromedriver.isEmpty()) {
      String why =
          "the dashboard test needs chromium and chromedriver (apt-get install chromium"
              + " chromium-driver, or HOOKLINE_CHROMIUM / HOOKLINE_CHROMEDRIVER)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI=true but " + why);
      }
      assumeTrue(false, why);
    }
    dir = Files.createTempDirectory("hookline-dashboard");
    ok = WebhookReceiver.start();
    failing = WebhookReceiver.start();
    failing.setDefaultResponse(MockResponse.status(500).withBody("{\"error\":\"upstream down\"}"));
    t =
        new TestServer(
            dir,
            c ->
                c.withSources(
                    Map.of("partner", SourceConfig.of("partner", "generic", PARTNER_SECRET))));
    makeTraffic();

    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1366,900",
        "--force-device-scale-factor=1",
        "--lang=en-GB",
        "--force-color-profile=srgb",
        "--hide-scrollbars");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.get().toFile())
            .usingAnyFreePort()
            .withEnvironment(Map.of("TZ", "UTC"))
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, WAIT);
  }

  @AfterAll
  void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (t != null) {
      t.close();
      ok.close();
      failing.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Optional<Path> executable(String env, String... candidates) {
    return Stream.concat(Stream.ofNullable(System.getenv(env)), Stream.of(candidates))
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Six orders delivered, three invoices dead, one good and one forged inbound, a workflow run. */
  private void makeTraffic() throws Exception {
    t.post(
        "/api/endpoints",
        "{\"id\":\"orders\",\"url\":\"" + ok.url("/orders") + "\",\"events\":[\"order.*\"]}");
    t.post(
        "/api/endpoints",
        "{\"id\":\"billing\",\"url\":\""
            + failing.url("/billing")
            + "\",\"events\":[\"invoice.*\"],\"retry_policy\":{\"max_attempts\":1}}");
    StringBuilder events = new StringBuilder("[");
    for (int i = 1; i <= 6; i++) {
      events.append(
          "{\"id\":\"evt_order_%d\",\"type\":\"order.created\",\"data\":{\"total\":%d}},"
              .formatted(i, 10 * i));
    }
    for (int i = 1; i <= 3; i++) {
      events.append(
          "{\"id\":\"evt_invoice_%d\",\"type\":\"invoice.paid\",\"data\":{\"amount\":%d}}%s"
              .formatted(i, 100 * i, i < 3 ? "," : "]"));
    }
    assertThat(t.post("/api/events", events.toString()).status()).isEqualTo(202);

    String body = "{\"type\":\"partner.signup\",\"data\":{\"user\":\"ada\"}}";
    inbound(body, sign(body));
    inbound(body.replace("ada", "mallory"), sign(body)); // the signature of another body

    t.post(
        "/api/workflows",
        """
        {"name": "notify", "description": "Log a message and format a notification",
         "inputs": {"message": "string"},
         "steps": [{"name": "log_it", "log": "got {inputs.message}"},
                   {"name": "format", "template": "Notice: {inputs.message}"}],
         "output": "{steps.format.output}"}""");
    t.post("/api/workflows/notify/runs", "{\"inputs\": {\"message\": \"deploy finished\"}}");

    await().atMost(WAIT).until(() -> t.get("/api/stats").json().path("total").asInt() == 9);
    await().atMost(WAIT).until(() -> t.get("/api/stats").json().path("queue_depth").asInt() == 0);
  }

  private static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(PARTNER_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private void inbound(String body, String signature) {
    t.sendRaw(
        HttpRequest.newBuilder(t.uri("/webhooks/partner"))
            .header("Content-Type", "application/json")
            .header("X-Webhook-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private void open(String hash) {
    driver.get(t.server.url() + "/#/" + hash);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
  }

  private WebElement find(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private void waitForText(String css, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private void screenshot(String name) {
    try {
      Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String cell(String endpoint, String field) {
    return find("tr[data-endpoint='" + endpoint + "'] td[data-field='" + field + "']").getText();
  }

  // ---- tests ----------------------------------------------------------------------------------

  @Test
  @Order(1)
  void theDashboardAsksForTheKeyAndKeepsItInTheTabNeverInAUrl() {
    driver.get(t.server.url() + "/");
    WebElement key = find("#api-key");
    assertThat(driver.findElement(By.id("nav")).isDisplayed()).isFalse();
    screenshot("login");

    key.sendKeys("not-the-key");
    driver.findElement(By.id("sign-in")).click();
    waitForText("#login-error", "not valid");
    find("#api-key").clear();
    find("#api-key").sendKeys(TestServer.API_KEY);
    driver.findElement(By.id("sign-in")).click();

    find("#cards [data-stat='success-rate']");
    assertThat(js("return sessionStorage.getItem('hookline.apiKey')"))
        .isEqualTo(TestServer.API_KEY);
    assertThat(js("return localStorage.length")).isEqualTo(0L);
    assertThat(driver.getCurrentUrl()).doesNotContain(TestServer.API_KEY);
    @SuppressWarnings("unchecked")
    List<String> requested =
        (List<String>)
            js(
                "return performance.getEntriesByType('resource').map(e => e.name).concat(location.href)");
    assertThat(requested).isNotEmpty().noneMatch(u -> u.contains(TestServer.API_KEY));
    assertThat(requested).allMatch(u -> u.startsWith(t.server.url().toString()));
  }

  @Test
  @Order(2)
  void overviewShowsTheApisFiguresAndChartsThem() {
    JsonNode stats = t.get("/api/stats?window=1h&bucket=1m").json();

    open("overview");

    waitForText("[data-stat='success-rate'] .sub", "6 of 9 attempts");
    assertThat(find("[data-stat='failures'] .value").getText())
        .isEqualTo(stats.path("failed").asText());
    assertThat(find("[data-stat='queue-depth'] .value").getText()).isEqualTo("0");
    assertThat(find("[data-stat='oldest-pending'] .value").getText()).isEqualTo("none");
    assertThat(find("[data-stat='success-rate'] .value").getText()).isEqualTo("66.7 %");
    assertThat(find("[data-stat='p95'] .value").getText()).endsWith("ms");
    // The charts hold the API's buckets: per-second rates times the bucket width give the counts.
    Object succeeded =
        js(
            "return Math.round(Chart.getChart('chart-rate').data.datasets[0].data"
                + ".reduce((a, b) => a + b, 0) * 60)");
    Object failedBars =
        js(
            "return Chart.getChart('chart-failures').data.datasets[0].data.reduce((a, b) => a + b, 0)");
    assertThat(succeeded).isEqualTo(6L);
    assertThat(failedBars).isEqualTo(3L);
    assertThat(js("return Chart.getChart('chart-rate').data.labels.length")).isEqualTo(60L);
    assertThat(driver.findElements(By.cssSelector("#recent-dead tr[class='clickable']")))
        .hasSize(3);
    screenshot("overview");

    driver.manage().window().setSize(new Dimension(390, 844));
    try {
      driver.navigate().refresh();
      waitForText("[data-stat='success-rate'] .sub", "6 of 9 attempts");
      assertThat(
              js(
                  "return document.documentElement.scrollWidth <= window.innerWidth"
                      + " && document.getElementById('chart-rate').clientWidth > 250"))
          .isEqualTo(true);
      screenshot("overview-phone");
    } finally {
      driver.manage().window().setSize(new Dimension(1366, 900));
    }
  }

  @Test
  @Order(3)
  void endpointsPageShowsEachEndpointsStatsAndDisablesEnablesAndTestsIt() throws Exception {
    JsonNode orders = t.get("/api/endpoints/orders/stats").json();

    open("endpoints");

    assertThat(cell("orders", "success_count")).isEqualTo(orders.path("success_count").asText());
    assertThat(cell("orders", "success_rate")).isEqualTo("100 %");
    assertThat(cell("orders", "health")).isEqualTo("healthy");
    assertThat(cell("billing", "failed_count")).isEqualTo("3");
    assertThat(cell("billing", "health")).isEqualTo("failing");
    assertThat(cell("billing", "circuit_state")).isEqualTo("closed");
    screenshot("endpoints");

    find("tr[data-endpoint='orders'] [data-action='toggle']").click();
    await()
        .atMost(WAIT)
        .until(() -> !t.get("/api/endpoints/orders").json().path("enabled").asBoolean());
    waitForText("tr[data-endpoint='orders'] [data-action='toggle']", "Enable");
    assertThat(cell("orders", "health")).isEqualTo("disabled");
    find("tr[data-endpoint='orders'] [data-action='toggle']").click();
    await()
        .atMost(WAIT)
        .until(() -> t.get("/api/endpoints/orders").json().path("enabled").asBoolean());
    waitForText("tr[data-endpoint='orders'] [data-action='toggle']", "Disable");

    ok.drainRequests();
    find("tr[data-endpoint='orders'] [data-action='test']").click();
    WebElement sent = find(".flash[data-delivery]");

    RecordedRequest test = ok.takeRequest(WAIT);
    assertThat(test.header("X-Hookline-Event")).hasValue("hookline.test");
    assertThat(sent.getText()).contains(test.header("X-Hookline-Delivery").orElseThrow());
  }

  @Test
  @Order(4)
  void deliveryPageShowsItsAttemptsAndRetriesIt() {
    JsonNode dead = t.get("/api/deliveries?endpoint=billing&status=dead").json().path("data");
    String id = dead.get(0).path("id").asText();

    open("deliveries?endpoint=billing&status=dead");

    find("tr[data-delivery='" + id + "']");
    assertThat(driver.findElements(By.cssSelector("#delivery-list tr[data-delivery]")))
        .hasSize(dead.size());
    screenshot("deliveries");
    find("tr[data-delivery='" + id + "'] a").click();
    waitForText("#delivery-status", "dead");
    assertThat(find("tr[data-attempt='1'] [data-field='status_code']").getText()).isEqualTo("500");
    assertThat(find("tr[data-attempt='1'] [data-field='error']").getText()).contains("500");
    assertThat(find("tr[data-attempt='1'] [data-field='response']").getText())
        .contains("upstream down");
    waitForText("#event", "invoice.paid");

    failing.setDefaultResponse(MockResponse.ok());
    find("#retry").click();

    waitForText("#delivery-status", "succeeded");
    find("tr[data-attempt='2']");
    assertThat(find("tr[data-attempt='2'] [data-field='status_code']").getText()).isEqualTo("200");
    JsonNode after = t.get("/api/deliveries/" + id).json();
    assertThat(after.path("status").asText()).isEqualTo("succeeded");
    assertThat(after.path("attempts").asInt()).isEqualTo(2);
    screenshot("delivery");
  }

  @Test
  @Order(5)
  void replayFromThePageRequeuesTheRestAndShowsItsProgress() {
    int dead = t.get("/api/deliveries?endpoint=billing&status=dead").json().path("data").size();
    assertThat(dead).isEqualTo(2);

    open("deliveries?endpoint=billing&status=dead");
    find("#replay-start").click();

    wait.until(ExpectedConditions.attributeToBe(By.id("replay-status"), "data-done", "true"));
    assertThat(find("#replay-status").getText())
        .startsWith("Replayed 2 dead deliveries of billing: 2 of 2 done");
    assertThat(find("#replay-progress").getDomProperty("value")).isEqualTo("2");
    assertThat(t.get("/api/deliveries?endpoint=billing&status=dead").json().path("data")).isEmpty();
    await()
        .atMost(WAIT)
        .until(
            () -> t.get("/api/endpoints/billing/stats").json().path("success_count").asInt() == 3);
    screenshot("replay");
  }

  @Test
  @Order(6)
  void liveEventsAppearWithoutReloadAndPauseHoldsThemBack() {
    open("live");
    waitForText("#live-state", "live");
    js("window.stillTheSamePage = true");

    t.post("/api/events", "{\"id\":\"evt_live_1\",\"type\":\"order.shipped\"}");

    find("#live-rows tr[data-kind='event'][data-id='evt_live_1']");
    find("#live-rows tr[data-kind='delivery']");
    find("#live-pause").click();
    t.post("/api/events", "{\"id\":\"evt_live_2\",\"type\":\"order.shipped\"}");
    waitForText("#live-held", "new while paused");
    assertThat(driver.findElements(By.cssSelector("tr[data-id='evt_live_2']"))).isEmpty();
    screenshot("live");
    find("#live-pause").click();
    find("#live-rows tr[data-id='evt_live_2']");

    WebElement types = find("#live-types");
    types.sendKeys("invoice.*");
    js("document.getElementById('live-state').dataset.old = 'true'");
    driver.findElement(By.cssSelector("#live-filter button")).click();
    waitForText("#live-state:not([data-old])", "live");
    t.post("/api/events", "{\"id\":\"evt_live_3\",\"type\":\"order.shipped\"}");
    t.post("/api/events", "{\"id\":\"evt_live_4\",\"type\":\"invoice.paid\"}");
    find("#live-rows tr[data-id='evt_live_4']");
    assertThat(driver.findElements(By.cssSelector("tr[data-id='evt_live_3']"))).isEmpty();
    assertThat(js("return window.stillTheSamePage === true")).isEqualTo(true);
  }

  @Test
  @Order(7)
  void inboundPageShowsEachRequestsVerificationOutcome() {
    open("inbound");

    find("#inbound-list tr[data-outcome='accepted'][data-source='partner']");
    WebElement rejected = find("#inbound-list tr[data-outcome='rejected']");
    assertThat(rejected.findElement(By.cssSelector("[data-field='reason']")).getText())
        .containsIgnoringCase("signature");
    assertThat(find("[data-stat='rejected'] .value").getText()).isEqualTo("1");
    assertThat(driver.getPageSource()).doesNotContain(PARTNER_SECRET);
    screenshot("inbound");
  }

  @Test
  @Order(8)
  void workflowsPageShowsRunsAndARunsSteps() {
    open("workflows");
    find("tr[data-workflow='notify'] a").click();
    find("#run-list tr[data-run] a").click();

    waitForText("#run-status", "succeeded");
    assertThat(find("tr[data-step='log_it']").getText()).contains("log", "succeeded");
    assertThat(find("tr[data-step='format']").getText()).contains("Notice: deploy finished");
    screenshot("workflow-run");
  }

  @Test
  @Order(9)
  void signingOutForgetsTheKeyAndThePageRanWithoutScriptErrors() {
    open("overview");
    find("#sign-out").click();

    find("#api-key");
    assertThat(js("return sessionStorage.getItem('hookline.apiKey')")).isNull();
    List<LogEntry> logs = driver.manage().logs().get(LogType.BROWSER).getAll();
    assertThat(logs)
        .extracting(LogEntry::getMessage)
        .noneMatch(m -> m.contains("Content Security Policy"))
        .noneMatch(m -> m.contains("Uncaught"))
        .noneMatch(m -> m.contains("TypeError"));
  }
}
