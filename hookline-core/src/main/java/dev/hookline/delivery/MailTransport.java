package dev.hookline.delivery;

import dev.hookline.internal.Threads;
import dev.hookline.routing.Endpoint;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends e-mail endpoints' messages over SMTP with Angus Mail, the way {@link HttpTransport} sends
 * HTTP requests: the request's body is the message ({@code message/rfc822}, rendered by the {@code
 * email} format), its URL {@code smtp://host:port} or {@code smtps://host:port} (implicit TLS).
 * Credentials and the STARTTLS setting come from the endpoint's options, never from the request, so
 * they reach neither interceptors nor logs nor errors.
 *
 * <p>Each send runs on its own virtual thread (SMTP clients block) and opens one session: connect,
 * {@code EHLO}, {@code STARTTLS} when asked (then required: a server that does not offer it is not
 * sent to in clear), {@code AUTH}, {@code MAIL}, {@code RCPT}, {@code DATA}. The endpoint's timeout
 * bounds connecting and each read and write. At most {@value #MAX_SESSIONS_PER_SERVER} sessions per
 * server run at once; more wait their turn, as mail servers limit concurrent connections.
 *
 * <p>The result speaks the engine's language: an accepted message is an answer with the SMTP code
 * (250, within 2xx) and the server's reply as the body; a refusal or an I/O error is a {@link
 * MailException} telling whether it is transient (4xx, connection errors, timeouts: retried) or
 * permanent (5xx such as 550 mailbox unavailable: dead at once), with the server's reply. The SSRF
 * guard applies as for HTTP: the resolved address is checked when connecting.
 */
final class MailTransport implements Transport {
  /** Concurrent SMTP sessions to one server (host and port). */
  static final int MAX_SESSIONS_PER_SERVER = 4;

  private final PrivateNetworks privateNetworks;
  private final Properties extra;
  private final ScheduledExecutorService writeTimeouts;
  private final ConcurrentHashMap<String, Semaphore> sessions = new ConcurrentHashMap<>();

  MailTransport(boolean allowPrivateNetworks) {
    this(allowPrivateNetworks ? PrivateNetworks.ALLOW : PrivateNetworks.DENY, new Properties());
  }

  MailTransport(PrivateNetworks privateNetworks) {
    this(privateNetworks, new Properties());
  }

  MailTransport(boolean allowPrivateNetworks, Properties extra) {
    this(allowPrivateNetworks ? PrivateNetworks.ALLOW : PrivateNetworks.DENY, extra);
  }

  /**
   * With Jakarta Mail properties applied over Hookline's (tests trust their SMTP server's
   * self-signed certificate with {@code mail.smtps.ssl.trust}).
   */
  MailTransport(PrivateNetworks privateNetworks, Properties extra) {
    this.privateNetworks = privateNetworks;
    this.extra = extra;
    // Angus Mail enforces write timeouts with a timer; one shared one instead of one per socket.
    this.writeTimeouts = Threads.scheduler("hookline-mail-timeouts");
  }

  /** Sends {@code r} for email endpoint {@code endpoint}; never fails the future. */
  @Override
  public CompletableFuture<HttpResult> send(Endpoint endpoint, OutboundRequest r) {
    CompletableFuture<HttpResult> future = new CompletableFuture<>();
    Threads.virtual(
        "hookline-mail",
        () -> {
          try {
            future.complete(deliver(endpoint, r));
          } catch (RuntimeException | Error e) {
            future.complete(HttpResult.failure(e, Duration.ZERO));
          }
        });
    return future;
  }

  private HttpResult deliver(Endpoint endpoint, OutboundRequest r) {
    URI url = r.url();
    boolean ssl = "smtps".equalsIgnoreCase(url.getScheme());
    String host = url.getHost() == null ? "" : url.getHost().replaceAll("^\\[|]$", "");
    int port = url.getPort();
    Semaphore turn =
        sessions.computeIfAbsent(
            host + ":" + port, k -> new Semaphore(MAX_SESSIONS_PER_SERVER, true));
    try {
      turn.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HttpResult.failure(
          new MailException("interrupted before sending", false, e), Duration.ZERO);
    }
    long start = System.nanoTime();
    try {
      return attempt(endpoint, r, host, port, ssl, start);
    } finally {
      turn.release();
    }
  }

  private HttpResult attempt(
      Endpoint endpoint, OutboundRequest r, String host, int port, boolean ssl, long start) {
    Map<String, Object> options = endpoint.formatOptions();
    String user = (String) options.get("username");
    String password = (String) options.get("password");
    boolean starttls = !ssl && !Boolean.FALSE.equals(options.get("starttls"));
    String protocol = ssl ? "smtps" : "smtp";
    Session session =
        Session.getInstance(
            properties(
                protocol,
                starttls,
                user != null,
                r,
                privateNetworks.allows(endpoint.allowPrivateNetwork())));
    SMTPTransport transport = null;
    try {
      MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(r.body()));
      addHeaders(message, r);
      transport = (SMTPTransport) session.getTransport(protocol);
      transport.connect(host, port, user, password);
      transport.sendMessage(message, message.getAllRecipients());
      int code = transport.getLastReturnCode();
      String reply = transport.getLastServerResponse();
      return HttpResult.answer(
          code,
          Map.of(),
          reply == null ? new byte[0] : reply.strip().getBytes(StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (MessagingException e) {
      Throwable why = classify(e, transport, host, port, endpoint, password);
      return HttpResult.failure(why, Duration.ofNanos(System.nanoTime() - start));
    } finally {
      if (transport != null) {
        try {
          transport.close();
        } catch (MessagingException ignored) {
          // QUIT after the message was accepted (or refused): nothing left to learn.
        }
      }
    }
  }

  private Properties properties(
      String protocol, boolean starttls, boolean auth, OutboundRequest r, boolean allowPrivate) {
    String p = "mail." + protocol;
    String timeout = Long.toString(Math.max(1, r.timeout().toMillis()));
    Properties props = new Properties();
    props.put("mail.transport.protocol", protocol);
    props.put(p + ".connectiontimeout", timeout);
    props.put(p + ".timeout", timeout);
    props.put(p + ".writetimeout", timeout);
    props.put(p + ".executor.writetimeout", writeTimeouts);
    props.put(p + ".auth", Boolean.toString(auth));
    props.put(p + ".starttls.enable", Boolean.toString(starttls));
    props.put(p + ".starttls.required", Boolean.toString(starttls));
    props.put(p + ".ssl.checkserveridentity", "true");
    props.put(p + ".socketFactory", new GuardedSocketFactory(allowPrivate));
    props.put(p + ".socketFactory.fallback", "false");
    props.put(p + ".localhost", "hookline");
    props.put("mail.debug", "false"); // its trace would show AUTH exchanges
    props.putAll(extra);
    return props;
  }

  /** Hookline's headers (and the endpoint's) go on the message; the Date is this attempt's. */
  private static void addHeaders(MimeMessage m, OutboundRequest r) throws MessagingException {
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      String name = h.getKey();
      if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("webhook-timestamp")) {
        continue;
      }
      m.setHeader(name, h.getValue().replaceAll("[\\r\\n]+", " "));
    }
    Instant sent =
        r.header("webhook-timestamp")
            .map(
                s -> {
                  try {
                    return Instant.ofEpochSecond(Long.parseLong(s));
                  } catch (NumberFormatException e) {
                    return Instant.now();
                  }
                })
            .orElseGet(Instant::now);
    m.setSentDate(Date.from(sent));
  }

  /**
   * The failure as the engine should see it: the private-network refusal itself (final, as for
   * HTTP), or a {@link MailException} with the SMTP code and reply when the server answered, else a
   * transient connection or timeout error. The password is never part of the message.
   */
  static Throwable classify(
      MessagingException e,
      SMTPTransport transport,
      String host,
      int port,
      Endpoint endpoint,
      String password) {
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof PrivateNetworkException refused) {
        return refused;
      }
    }
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof SMTPAddressFailedException f) {
        return refusal(f.getReturnCode(), "recipient " + f.getAddress(), f.getMessage(), e);
      }
      if (t instanceof SMTPSenderFailedException f) {
        return refusal(f.getReturnCode(), "sender " + f.getAddress(), f.getMessage(), e);
      }
      if (t instanceof SMTPSendFailedException f && f.getReturnCode() >= 400) {
        return refusal(f.getReturnCode(), "the message", f.getMessage(), e);
      }
    }
    int last = transport == null ? -1 : transport.getLastReturnCode();
    String reply = transport == null ? null : transport.getLastServerResponse();
    if (e instanceof AuthenticationFailedException) {
      if (last >= 400 && reply != null) {
        return refusal(last, "authentication", scrub(reply, password), e);
      }
      return new MailException(
          "SMTP authentication with "
              + host
              + ":"
              + port
              + " failed: "
              + scrub(e.getMessage(), password),
          true,
          e);
    }
    Throwable root = e;
    for (Throwable t = e; t != null; t = next(t)) {
      root = t;
      if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
        return new MailException(
            "timed out after "
                + endpoint.timeout().toMillis()
                + " ms talking to "
                + host
                + ":"
                + port,
            false,
            e);
      }
      if (t instanceof UnknownHostException) {
        return new MailException("DNS lookup failed for " + host, false, e);
      }
      if (t instanceof ConnectException c) {
        return new MailException(
            "connection to " + host + ":" + port + " failed: " + c.getMessage(), false, e);
      }
      if (t instanceof SSLException s) {
        return new MailException(
            "TLS with " + host + ":" + port + " failed: " + s.getMessage(), false, e);
      }
    }
    if (last >= 400 && reply != null) {
      return refusal(last, "the session", scrub(reply, password), e);
    }
    String message = e.getMessage() == null ? root.toString() : e.getMessage();
    return new MailException(
        "SMTP with " + host + ":" + port + " failed: " + scrub(message, password), false, e);
  }

  private static MailException refusal(int code, String what, String reply, Throwable cause) {
    String text = reply == null ? "" : reply.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    if (!text.startsWith(Integer.toString(code))) {
      text = code + " " + text;
    }
    return new MailException("SMTP server refused " + what + ": " + text, code >= 500, cause);
  }

  private static String scrub(String s, String password) {
    return s == null || password == null || password.isEmpty() ? s : s.replace(password, "****");
  }

  private static Throwable next(Throwable t) {
    if (t instanceof MessagingException m && m.getNextException() != null) {
      return m.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }

  @Override
  public void close() {
    writeTimeouts.shutdownNow();
  }

  /**
   * Plain sockets whose {@code connect} dials only a public address of the host (unless private
   * networks are allowed): the address judged is the one connected to, so DNS rebinding does not
   * get through. TLS, implicit or through STARTTLS, is layered over them by Angus Mail with the
   * host name, so certificates are checked against the name.
   */
  private static final class GuardedSocketFactory extends SocketFactory {
    private final boolean allowPrivate;

    GuardedSocketFactory(boolean allowPrivate) {
      this.allowPrivate = allowPrivate;
    }

    @Override
    public Socket createSocket() {
      return new GuardedSocket(allowPrivate);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      Socket s = createSocket();
      s.bind(new InetSocketAddress(local, localPort));
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      Socket s = createSocket();
      s.connect(new InetSocketAddress(host, port));
      return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      Socket s = createSocket();
      s.bind(new InetSocketAddress(local, localPort));
      s.connect(new InetSocketAddress(host, port));
      return s;
    }
  }

  private static final class GuardedSocket extends Socket {
    private final boolean allowPrivate;

    GuardedSocket(boolean allowPrivate) {
      this.allowPrivate = allowPrivate;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (allowPrivate || !(endpoint instanceof InetSocketAddress target)) {
        super.connect(endpoint, timeout);
        return;
      }
      String host = target.getHostString();
      java.util.Optional<PrivateNetworkException> literal = NetworkGuard.refuseLiteral(host);
      if (literal.isPresent()) {
        throw new IOException(literal.get().getMessage(), literal.get());
      }
      InetAddress refused = null;
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (NetworkGuard.isPrivate(a)) {
          refused = a;
        } else {
          super.connect(new InetSocketAddress(a, target.getPort()), timeout);
          return;
        }
      }
      PrivateNetworkException guard =
          new PrivateNetworkException(
              "SMTP host '"
                  + host
                  + "' resolves to "
                  + (refused == null ? "nothing" : refused.getHostAddress())
                  + ", a private or loopback address; Hookline does not deliver there unless"
                  + " private networks are allowed (server.private_networks)");
      throw new IOException(guard.getMessage(), guard);
    }
  }
}
