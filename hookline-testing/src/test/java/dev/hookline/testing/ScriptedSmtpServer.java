package dev.hookline.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A loopback SMTP server whose replies a test scripts: what GreenMail cannot do (refuse a recipient
 * with 550, defer a message with 451, say nothing, offer STARTTLS). It speaks enough ESMTP for
 * Angus Mail: EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT. Each session is
 * recorded: its commands, whether TLS was on when AUTH came, and the message.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  /** One SMTP session as the server saw it. */
  public record Session(
      List<String> commands, boolean tlsBeforeAuth, Optional<String> authPlain, String data) {}

  private final ServerSocket server;
  private final SSLContext tls;
  private final boolean silent;
  private final ConcurrentLinkedDeque<String> rcptReplies = new ConcurrentLinkedDeque<>();
  private final ConcurrentLinkedDeque<String> dataReplies = new ConcurrentLinkedDeque<>();
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private ScriptedSmtpServer(SSLContext tls, boolean silent) {
    this.tls = tls;
    this.silent = silent;
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().name("scripted-smtp").start(this::acceptLoop);
  }

  /** A plain ESMTP server (no STARTTLS) that accepts everything unless scripted otherwise. */
  public static ScriptedSmtpServer start() {
    return new ScriptedSmtpServer(null, false);
  }

  /** A server that offers STARTTLS with GreenMail's self-signed test certificate. */
  public static ScriptedSmtpServer startWithStartTls() {
    return new ScriptedSmtpServer(greenMailCertificate(), false);
  }

  /** A server that accepts connections and never says a word (for timeouts). */
  public static ScriptedSmtpServer startSilent() {
    return new ScriptedSmtpServer(null, true);
  }

  /** The next RCPT TO gets this reply ({@code 550 5.1.1 <x@y>: mailbox unavailable}). */
  public ScriptedSmtpServer replyToRcpt(String reply) {
    rcptReplies.add(reply);
    return this;
  }

  /** The next message's end of DATA gets this reply ({@code 451 4.3.0 try again later}). */
  public ScriptedSmtpServer replyToData(String reply) {
    dataReplies.add(reply);
    return this;
  }

  /** The port on 127.0.0.1. */
  public int port() {
    return server.getLocalPort();
  }

  /** Sessions that ended, first first. */
  public List<Session> sessions() {
    return Collections.unmodifiableList(sessions);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread.ofVirtual().name("scripted-smtp-session").start(() -> session(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void session(Socket socket) {
    List<String> commands = new ArrayList<>();
    boolean secured = false;
    boolean tlsBeforeAuth = false;
    String auth = null;
    StringBuilder data = new StringBuilder();
    try {
      if (silent) {
        socket.getInputStream().read(); // until the client gives up
        return;
      }
      Socket s = socket;
      BufferedReader in = reader(s.getInputStream());
      OutputStream out = s.getOutputStream();
      write(out, "220 scripted.test ESMTP ready");
      String line;
      while ((line = in.readLine()) != null) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        commands.add(upper.startsWith("AUTH") ? "AUTH" : line);
        if (upper.startsWith("EHLO")) {
          StringBuilder r = new StringBuilder("250-scripted.test\r\n");
          if (tls != null && !secured) {
            r.append("250-STARTTLS\r\n");
          }
          r.append("250-AUTH PLAIN\r\n250 8BITMIME");
          write(out, r.toString());
        } else if (upper.startsWith("HELO")) {
          write(out, "250 scripted.test");
        } else if (upper.equals("STARTTLS") && tls != null) {
          write(out, "220 2.0.0 ready to start TLS");
          SSLSocket t =
              (SSLSocket)
                  tls.getSocketFactory()
                      .createSocket(s, s.getInetAddress().getHostAddress(), s.getPort(), true);
          t.setUseClientMode(false);
          t.startHandshake();
          s = t;
          in = reader(s.getInputStream());
          out = s.getOutputStream();
          secured = true;
        } else if (upper.startsWith("AUTH PLAIN")) {
          String[] parts = line.split(" ");
          if (parts.length > 2) {
            auth = parts[2];
          } else {
            write(out, "334 ");
            auth = in.readLine();
          }
          tlsBeforeAuth = secured;
          write(out, "235 2.7.0 authenticated");
        } else if (upper.startsWith("MAIL FROM")) {
          write(out, "250 2.1.0 sender ok");
        } else if (upper.startsWith("RCPT TO")) {
          String reply = rcptReplies.poll();
          write(out, reply == null ? "250 2.1.5 recipient ok" : reply);
        } else if (upper.equals("DATA")) {
          write(out, "354 end with <CRLF>.<CRLF>");
          String d;
          while ((d = in.readLine()) != null && !d.equals(".")) {
            data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
          }
          String reply = dataReplies.poll();
          write(out, reply == null ? "250 2.0.0 Ok: queued as SCRIPT" + sessions.size() : reply);
        } else if (upper.equals("RSET") || upper.equals("NOOP")) {
          write(out, "250 2.0.0 ok");
        } else if (upper.equals("QUIT")) {
          write(out, "221 2.0.0 bye");
          break;
        } else {
          write(out, "502 5.5.2 command not recognised");
        }
      }
    } catch (IOException e) {
      // the client hung up
    } finally {
      sessions.add(
          new Session(
              List.copyOf(commands), tlsBeforeAuth, Optional.ofNullable(auth), data.toString()));
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static void write(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** GreenMail's test key pair ({@code greenmail.p12}, password {@code changeit}). */
  private static SSLContext greenMailCertificate() {
    try (InputStream p12 = ScriptedSmtpServer.class.getResourceAsStream("/greenmail.p12")) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(p12, "changeit".toCharArray());
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "changeit".toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException("cannot load GreenMail's test certificate", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
