package dev.hookline.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.delivery.OutboundRequest;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.template.Template;
import dev.hookline.testing.ScriptedSmtpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * E-mail endpoints end to end: Hookline renders the message and sends it over SMTP with AUTH to
 * GreenMail (a real SMTP server in the test), or to a scripted server for the replies GreenMail
 * cannot give (550, 451). STARTTLS and implicit TLS are in {@code MailTransportTest}.
 */
class EmailFormatTest {
  static final String USER = "hookline";
  static final String PASSWORD = "s3cret-Pa55word";

  /** A dynamic port, and time to start on a busy machine (TLS key loading is slow there). */
  static ServerSetup setup(ServerSetup base) {
    ServerSetup s = base.dynamicPort();
    s.setServerStartupTimeout(30_000);
    return s;
  }

  @RegisterExtension
  static GreenMailExtension greenMail =
      new GreenMailExtension(setup(ServerSetupTest.SMTP))
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("alerts@example.com", USER, PASSWORD))
          .withPerMethodLifecycle(true);

  @TempDir Path dir;
  FormatFixture f;

  @BeforeEach
  void open() {
    f = new FormatFixture(dir);
  }

  @AfterEach
  void close() {
    f.close();
  }

  static Map<String, Object> options(int port, Object... more) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("smtp_host", "127.0.0.1");
    o.put("smtp_port", port);
    o.put("starttls", false);
    o.put("from", "Hookline <alerts@example.com>");
    o.put("to", List.of("ops@example.com", "Dev Team <dev@example.com>"));
    for (int i = 0; i < more.length; i += 2) {
      o.put((String) more[i], more[i + 1]);
    }
    return o;
  }

  static Endpoint.Builder email(Map<String, Object> options) {
    return Endpoint.builder("mail").events("*").format(Format.EMAIL, options);
  }

  static int greenMailPort() {
    return greenMail.getSmtp().getPort();
  }

  Event prediction() {
    return Event.builder("level_4_prediction")
        .severity(Severity.WARNING)
        .userId("user_123")
        .put("prediction", "SQL injection in auth.py:45 <script>alert(1)</script>")
        .put("confidence", 0.95)
        .put("url", "https://ci.example.com/runs/42")
        .build();
  }

  DeliveryOutcome firstOutcome() {
    return await()
        .atMost(FormatFixture.WAIT)
        .until(() -> f.outcomes.stream().findFirst().orElse(null), o -> o != null);
  }

  /** Waits for {@code n} received copies (one per recipient; GreenMail counts transactions). */
  void awaitMail(int n) {
    await()
        .atMost(FormatFixture.WAIT)
        .failFast(() -> f.outcomes.stream().anyMatch(o -> o.status() != DeliveryStatus.SUCCEEDED))
        .until(() -> greenMail.getReceivedMessages().length >= n);
  }

  static String body(Part p) throws Exception {
    Object c = p.getContent();
    return c instanceof String s
        ? s
        : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void authenticatedSmtpDeliversPlainTextAndEscapedHtmlAlternatives() throws Exception {
    f.start(email(options(greenMailPort(), "username", USER, "password", PASSWORD)).build());
    Event event = prediction();

    f.hookline().publish(event);

    awaitMail(2);
    MimeMessage m = greenMail.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("[WARNING] Level 4 prediction");
    assertThat(m.getFrom())
        .extracting(Address::toString)
        .containsExactly("Hookline <alerts@example.com>");
    assertThat(m.getRecipients(Message.RecipientType.TO))
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("ops@example.com", "dev@example.com");
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    Multipart parts = (Multipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    String text = body(parts.getBodyPart(0));
    String html = body(parts.getBodyPart(1));
    assertThat(text)
        .startsWith("[WARNING] Level 4 prediction")
        .contains("<script>alert(1)</script>") // plain text is shown as it is
        .contains("Confidence: 0.95", "User: user_123", "https://ci.example.com/runs/42");
    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>")
        .contains("<a href=\"https://ci.example.com/runs/42\">Open</a>");
    assertThat(m.getHeader("Message-ID")[0])
        .isEqualTo("<hookline." + event.id() + ".mail@example.com>");
    assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
    assertThat(m.getHeader("X-Hookline-Event")[0]).isEqualTo("level_4_prediction");
    assertThat(m.getHeader("X-Hookline-Attempt")[0]).isEqualTo("1");
    DeliveryOutcome o = firstOutcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(o.statusCode()).hasValue(250);
    assertThat(o.result()).hasValueSatisfying(r -> assertThat(r).startsWith("250"));
    assertThat(m.getHeader("X-Hookline-Delivery")[0]).isEqualTo(o.deliveryId());
  }

  @Test
  void subjectOptionAndTextTemplateGiveAPlainTextMessage() throws Exception {
    f.start(
        email(
                options(
                    greenMailPort(),
                    "to",
                    "ops@example.com",
                    "subject",
                    "Prediction for {user_id}: {confidence:.0%}"))
            .template(Template.text("Found: {prediction}"))
            .build());

    f.hookline().publish(prediction());

    awaitMail(1);
    MimeMessage m = greenMail.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("Prediction for user_123: 95%");
    assertThat(m.getContentType()).startsWith("text/plain");
    assertThat(body(m).strip())
        .isEqualTo("Found: SQL injection in auth.py:45 <script>alert(1)</script>");
  }

  @Test
  void treeTemplateGivesTextAndHtmlPartsAndMaySetTheSubject() throws Exception {
    f.start(
        email(options(greenMailPort(), "to", "ops@example.com"))
            .template(
                Template.parse(
                    "{\"subject\": \"Build {data.run} failed\", \"text\": \"Run {data.run}\","
                        + " \"html\": \"<b>Run {data.run}</b>\"}"))
            .build());

    f.hookline().publish(Event.builder("ci.failed").put("run", 42).build());

    awaitMail(1);
    MimeMessage m = greenMail.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("Build 42 failed");
    Multipart parts = (Multipart) m.getContent();
    assertThat(body(parts.getBodyPart(0)).strip()).isEqualTo("Run 42");
    assertThat(body(parts.getBodyPart(1)).strip()).isEqualTo("<b>Run 42</b>");
  }

  @Test
  void lineBreaksInTheSubjectCannotAddHeadersAndLongSubjectsAreCut() throws Exception {
    f.start(email(options(greenMailPort(), "to", "ops@example.com", "subject", "{title}")).build());

    f.hookline()
        .publish(
            Event.builder("x")
                .put("title", "Hello\r\nBcc: attacker@evil.example\r\n\r\n" + "x".repeat(400))
                .build());

    assertThat(firstOutcome().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    // GreenMail stores every recipient's copy before it answers DATA: a Bcc would be a second one
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
    MimeMessage m = greenMail.getReceivedMessages()[0];
    assertThat(m.getSubject())
        .startsWith("Hello Bcc: attacker@evil.example x")
        .hasSize(EmailFormat.MAX_SUBJECT)
        .endsWith("…");
    assertThat(m.getHeader("Bcc")).isNull();
  }

  @Test
  void wrongPasswordIsAPermanentRefusalAndTheErrorNeverShowsIt() throws Exception {
    f.start(
        email(options(greenMailPort(), "username", USER, "password", "wrong-" + PASSWORD)).build());

    f.hookline().publish(prediction());

    DeliveryOutcome o = firstOutcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error())
        .hasValueSatisfying(e -> assertThat(e).contains("535").doesNotContain(PASSWORD));
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void mailboxUnavailable550IsFinalWithTheServerReply() throws Exception {
    try (ScriptedSmtpServer smtp =
        ScriptedSmtpServer.start()
            .replyToRcpt("550 5.1.1 <ops@example.com>: mailbox unavailable")) {
      f.start(email(options(smtp.port(), "to", "ops@example.com")).build());

      f.hookline().publish(prediction());

      DeliveryOutcome o = firstOutcome();
      assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
      assertThat(o.error())
          .hasValue(
              "SMTP server refused recipient ops@example.com: 550 5.1.1 <ops@example.com>: mailbox"
                  + " unavailable");
      assertThat(o.willRetry()).isFalse();
    }
  }

  @Test
  void deferred451IsRetriedThenDelivered() throws Exception {
    try (ScriptedSmtpServer smtp =
        ScriptedSmtpServer.start().replyToData("451 4.3.0 mail server busy, try later")) {
      f.start(
          email(options(smtp.port(), "to", "ops@example.com"))
              .retryPolicy(RetryPolicy.builder().schedule(Duration.ofMillis(10)).build())
              .build());

      f.hookline().publish(prediction());

      await().atMost(FormatFixture.WAIT).until(() -> f.outcomes.size() >= 2);
      assertThat(f.outcomes.get(0).status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(f.outcomes.get(0).error())
          .hasValue("SMTP server refused the message: 451 4.3.0 mail server busy, try later");
      assertThat(f.outcomes.get(1).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
      await().until(() -> smtp.sessions().size() >= 2);
      assertThat(smtp.sessions().get(1).data()).contains("X-Hookline-Attempt: 2");
      // the same Message-ID on both attempts: mail systems can drop a duplicate
      assertThat(messageId(smtp.sessions().get(0).data()))
          .isEqualTo(messageId(smtp.sessions().get(1).data()));
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutAndIsRetried() throws Exception {
    try (ScriptedSmtpServer smtp = ScriptedSmtpServer.startSilent()) {
      f.start(
          email(options(smtp.port(), "to", "ops@example.com"))
              .timeout(Duration.ofMillis(300))
              .build());

      f.hookline().publish(prediction());

      DeliveryOutcome o = firstOutcome();
      assertThat(o.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(o.error())
          .hasValueSatisfying(e -> assertThat(e).startsWith("timed out after 300 ms"));
    }
  }

  @Test
  void starttlsTrueNeverSendsToAServerWithoutIt() throws Exception {
    f.start(
        email(options(greenMailPort(), "starttls", true, "username", USER, "password", PASSWORD))
            .build());

    f.hookline().publish(prediction());

    DeliveryOutcome o = firstOutcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(o.error()).hasValueSatisfying(e -> assertThat(e).contains("STARTTLS is required"));
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void credentialsAreNeitherInTheUrlNorInTheRequestInterceptorsSee() throws Exception {
    List<OutboundRequest> seen = new CopyOnWriteArrayList<>();
    f.start(
        email(options(greenMailPort(), "username", USER, "password", PASSWORD)).build(),
        b ->
            b.interceptor(
                chain -> {
                  seen.add(chain.request());
                  return chain.proceed(chain.request());
                }));

    f.hookline().publish(prediction());

    awaitMail(2);
    OutboundRequest r = seen.get(0);
    assertThat(r.method()).isEqualTo("SMTP");
    assertThat(r.url().toString()).isEqualTo("smtp://127.0.0.1:" + greenMailPort());
    assertThat(r.url().getUserInfo()).isNull();
    assertThat(r.header("Content-Type")).hasValue("message/rfc822");
    assertThat(r.headers().toString()).doesNotContain(PASSWORD).doesNotContain(USER);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
  }

  @Test
  void optionsAreCheckedWhenTheEndpointIsAdded() {
    f.start(email(options(greenMailPort())).build());

    assertThatThrownBy(
            () -> f.hookline().addEndpoint(email(options(1, "from", "not an address")).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("email.from");
    assertThatThrownBy(() -> f.hookline().addEndpoint(email(options(1, "to", List.of())).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("email.to");
    assertThatThrownBy(
            () ->
                f.hookline().addEndpoint(email(options(1, "ssl", true, "starttls", true)).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("email.ssl");
    assertThatThrownBy(() -> f.hookline().addEndpoint(email(options(1, "username", "u")).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("email.password");
    assertThatThrownBy(() -> f.hookline().addEndpoint(email(options(70_000)).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("email.smtp_port");
    assertThatThrownBy(
            () ->
                f.hookline()
                    .addEndpoint(email(options(1, "smtp_host", "smtp://x.example")).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("email.smtp_host");
    assertThatThrownBy(
            () -> f.hookline().addEndpoint(email(options(1, "subject", "{unclosed")).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("email.subject");
    assertThatThrownBy(
            () ->
                f.hookline()
                    .addEndpoint(
                        email(options(1)).template(Template.parse("{\"body\": \"x\"}")).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("text and/or html");
    assertThatThrownBy(
            () ->
                f.hookline()
                    .addEndpoint(
                        email(options(1))
                            .signature(
                                SignatureConfig.standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                            .build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("not signed");
    assertThatThrownBy(
            () -> f.hookline().addEndpoint(email(options(1)).header("From", "x@y.example").build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("From");
  }

  @Test
  void portsAndTlsDefaultTheWayProvidersDocumentThem() {
    Map<String, Object> base = new LinkedHashMap<>(options(1));
    base.remove("smtp_port");
    base.remove("starttls");

    assertThat(EmailFormat.Smtp.of(email(base).build()))
        .isEqualTo(new EmailFormat.Smtp("127.0.0.1", 587, false, true));
    base.put("smtp_port", 465);
    assertThat(EmailFormat.Smtp.of(email(base).build()).uri().toString())
        .isEqualTo("smtps://127.0.0.1:465");
    base.put("smtp_port", 25);
    base.put("starttls", false);
    assertThat(EmailFormat.Smtp.of(email(base).build()).uri().toString())
        .isEqualTo("smtp://127.0.0.1:25");
  }

  private static String messageId(String data) {
    return Arrays.stream(data.split("\r\n"))
        .filter(l -> l.startsWith("Message-ID:"))
        .findFirst()
        .orElseThrow();
  }

  static String body(MimeMessage m) throws Exception {
    return body((Part) m);
  }
}
