package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.hookline.event.Event;
import dev.hookline.format.Formats;
import dev.hookline.format.NativeRequest;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.testing.ScriptedSmtpServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SMTP transport over TLS: implicit TLS against GreenMail's SMTPS server, and STARTTLS against
 * a scripted server that offers it (GreenMail's SMTP server does not). Both use GreenMail's
 * self-signed test certificate, which the tests trust through Jakarta Mail properties; production
 * sends verify certificates and host names with the JVM's trust store.
 */
class MailTransportTest {
  static final String USER = "hookline";
  static final String PASSWORD = "s3cret-Pa55word";

  /** A dynamic port, and time to start on a busy machine (TLS key loading is slow there). */
  static ServerSetup setup(ServerSetup base) {
    ServerSetup s = base.dynamicPort();
    s.setServerStartupTimeout(30_000);
    return s;
  }

  @RegisterExtension
  static GreenMailExtension smtps =
      new GreenMailExtension(setup(ServerSetupTest.SMTPS))
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("alerts@example.com", USER, PASSWORD))
          .withPerMethodLifecycle(true);

  static Properties trustTestCertificate() {
    Properties p = new Properties();
    for (String protocol : List.of("smtp", "smtps")) {
      p.put("mail." + protocol + ".ssl.trust", "*");
      p.put("mail." + protocol + ".ssl.checkserveridentity", "false");
    }
    return p;
  }

  static Endpoint email(int port, Object... more) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("smtp_host", "127.0.0.1");
    o.put("smtp_port", port);
    o.put("from", "alerts@example.com");
    o.put("to", "ops@example.com");
    o.put("username", USER);
    o.put("password", PASSWORD);
    for (int i = 0; i < more.length; i += 2) {
      o.put((String) more[i], more[i + 1]);
    }
    return Endpoint.builder("mail").events("*").format(Format.EMAIL, o).build();
  }

  static OutboundRequest request(Endpoint e) {
    NativeRequest n =
        Formats.render(e, List.of(Event.builder("deploy.failed").put("run", 7).build()));
    return new OutboundRequest(n.method(), n.url(), n.headers(), n.body(), e.timeout());
  }

  @Test
  void implicitTlsAuthenticatesAndDelivers() throws Exception {
    Endpoint e = email(smtps.getSmtps().getPort(), "ssl", true);
    try (MailTransport mail = new MailTransport(true, trustTestCertificate())) {

      HttpResult r = mail.send(e, request(e)).get(10, TimeUnit.SECONDS);

      assertThat(r.error()).isEmpty();
      assertThat(r.status()).hasValue(250);
      assertThat(smtps.getReceivedMessages()).hasSize(1);
      assertThat(smtps.getReceivedMessages()[0].getSubject()).isEqualTo("Deploy failed");
    }
  }

  @Test
  void starttlsUpgradesTheConnectionBeforeAuthenticating() throws Exception {
    try (ScriptedSmtpServer server = ScriptedSmtpServer.startWithStartTls();
        MailTransport mail = new MailTransport(true, trustTestCertificate())) {
      Endpoint e = email(server.port(), "starttls", true);

      HttpResult r = mail.send(e, request(e)).get(10, TimeUnit.SECONDS);

      assertThat(r.error()).isEmpty();
      assertThat(r.status()).hasValue(250);
      ScriptedSmtpServer.Session s = awaitSession(server);
      assertThat(s.commands()).contains("STARTTLS", "AUTH");
      assertThat(s.commands().indexOf("STARTTLS")).isLessThan(s.commands().indexOf("AUTH"));
      assertThat(s.tlsBeforeAuth()).isTrue();
      assertThat(
              new String(
                  Base64.getDecoder().decode(s.authPlain().orElseThrow()), StandardCharsets.UTF_8))
          .endsWith("\0" + USER + "\0" + PASSWORD);
      assertThat(s.data()).contains("Subject: Deploy failed");
    }
  }

  @Test
  void anUntrustedCertificateIsATlsFailureAndNothingIsSent() throws Exception {
    try (ScriptedSmtpServer server = ScriptedSmtpServer.startWithStartTls();
        MailTransport mail = new MailTransport(true)) {
      Endpoint e = email(server.port(), "starttls", true);

      HttpResult r = mail.send(e, request(e)).get(10, TimeUnit.SECONDS);

      assertThat(r.error()).containsInstanceOf(MailException.class);
      MailException m = (MailException) r.error().orElseThrow();
      assertThat(m.permanent()).isFalse();
      assertThat(m.getMessage()).startsWith("TLS with 127.0.0.1:" + server.port() + " failed");
      assertThat(awaitSession(server).authPlain()).isEmpty();
    }
  }

  @Test
  void privateAddressesAreRefusedUnlessAllowed() throws Exception {
    try (ScriptedSmtpServer server = ScriptedSmtpServer.start();
        MailTransport mail = new MailTransport(false)) {
      Endpoint e = email(server.port(), "starttls", false);

      HttpResult r = mail.send(e, request(e)).get(10, TimeUnit.SECONDS);

      assertThat(r.error()).containsInstanceOf(PrivateNetworkException.class);
      assertThat(r.error().orElseThrow().getMessage())
          .contains("127.0.0.1", "server.private_networks");
      assertThat(server.sessions()).isEmpty();
    }
  }

  @Test
  void privateAddressesAreRefusedOverImplicitTlsToo() throws Exception {
    Endpoint e = email(smtps.getSmtps().getPort(), "ssl", true);
    try (MailTransport mail = new MailTransport(false, trustTestCertificate())) {

      HttpResult r = mail.send(e, request(e)).get(10, TimeUnit.SECONDS);

      assertThat(r.error()).containsInstanceOf(PrivateNetworkException.class);
      assertThat(smtps.getReceivedMessages()).isEmpty();
    }
  }

  private static ScriptedSmtpServer.Session awaitSession(ScriptedSmtpServer server) {
    org.awaitility.Awaitility.await().until(() -> !server.sessions().isEmpty());
    return server.sessions().get(0);
  }
}
