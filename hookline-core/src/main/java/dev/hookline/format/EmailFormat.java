package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.event.Event;
import dev.hookline.routing.AmbiguousHost;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.template.Template;
import dev.hookline.template.TemplateException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * E-mail through SMTP. The request is the whole message (RFC 5322, MIME, {@code message/rfc822}) to
 * {@code smtp://smtp_host:smtp_port} ({@code smtps://} with {@code ssl}); the delivery engine's
 * mail transport sends it with the endpoint's credentials, which never appear in the request.
 *
 * <p>The subject is the {@code subject} option, a template over the event ({@code "[{severity}]
 * {type}"}), else the {@link Summary} headline. The body is, by default, a plain-text and an HTML
 * rendering of the Summary as {@code multipart/alternative} (HTML escaped). A text template is the
 * plain-text body; a tree template with {@code text} and/or {@code html} keys gives those parts
 * (both: {@code multipart/alternative}) and may override the subject with a {@code subject} key.
 *
 * <p>{@code Message-ID} is derived from the event and endpoint, so a retried message keeps its id
 * and mail systems can drop the duplicate; {@code Auto-Submitted: auto-generated} keeps vacation
 * responders quiet (RFC 3834). Limits: the subject is cut to {@value #MAX_SUBJECT} characters and
 * each body part to {@value #MAX_BODY} characters, never rejected.
 */
final class EmailFormat implements Integration {
  static final EmailFormat INSTANCE = new EmailFormat();

  @Override
  public Reading interpret(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return Answer.of(status).created(() -> resultOf(status, body)).read();
  }

  /** Plain SMTP (relays); the port without {@code starttls} or {@code ssl}. */
  static final int SMTP_PORT = 25;

  /** Message submission (RFC 6409), with STARTTLS: the default port. */
  static final int SUBMISSION_PORT = 587;

  /** Submission over implicit TLS (RFC 8314): {@code ssl} defaults to true on it. */
  static final int SMTPS_PORT = 465;

  static final int MAX_SUBJECT = 255;
  static final int MAX_BODY = 1_000_000;

  /** The body's media type in the request: a complete Internet message. */
  static final String MEDIA_TYPE = "message/rfc822";

  /** A host name, an IPv4 address, or an IPv6 address (bracketed or not); no port, no scheme. */
  private static final java.util.regex.Pattern HOST =
      java.util.regex.Pattern.compile(
          "[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]|[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*");

  private static final Set<String> TEMPLATE_KEYS = Set.of("subject", "text", "html");

  /** Headers the message itself sets (lower case); an endpoint's headers may not replace them. */
  private static final Set<String> MESSAGE_HEADERS =
      Set.of(
          "content-type",
          "content-transfer-encoding",
          "mime-version",
          "message-id",
          "from",
          "to",
          "cc",
          "bcc",
          "date");

  // Renders messages only (no transport): no properties are needed.
  private static final Session SESSION = Session.getInstance(new Properties());

  private EmailFormat() {}

  /** The connection settings of an email endpoint, with their defaults applied. */
  record Smtp(String host, int port, boolean ssl, boolean starttls) {
    static Smtp of(Endpoint e) {
      Map<String, Object> o = e.formatOptions();
      String host = String.valueOf(o.get("smtp_host")).strip();
      Optional<Integer> port = EmailFormat.port(e, o.get("smtp_port"));
      boolean ssl = flag(e, "ssl").orElse(port.orElse(0) == SMTPS_PORT);
      boolean starttls = flag(e, "starttls").orElse(!ssl);
      int p = port.orElse(ssl ? SMTPS_PORT : starttls ? SUBMISSION_PORT : SMTP_PORT);
      return new Smtp(host, p, ssl, starttls);
    }

    URI uri() {
      String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
      return URI.create((ssl ? "smtps" : "smtp") + "://" + h + ":" + port);
    }
  }

  @Override
  public void validate(Endpoint e) {
    Map<String, Object> o = e.formatOptions();
    if (!(o.get("smtp_host") instanceof String host) || !HOST.matcher(host.strip()).matches()) {
      throw invalid(
          e,
          "smtp_host",
          "email.smtp_host must be a host name or address (smtp.example.com), got "
              + describe(o.get("smtp_host")));
    }
    Optional<AmbiguousHost> ambiguous = AmbiguousHost.of(host.strip());
    if (ambiguous.isPresent()) {
      throw invalid(e, "smtp_host", "email.smtp_host: " + ambiguous.get().reason());
    }
    Smtp smtp = Smtp.of(e);
    if (smtp.ssl() && flag(e, "starttls").orElse(false)) {
      throw invalid(
          e,
          "ssl",
          "email.ssl (implicit TLS, port 465) and email.starttls (upgrade, port 587) exclude each"
              + " other; keep the one your provider documents");
    }
    boolean user = o.get("username") != null;
    boolean password = o.get("password") != null;
    if (user != password) {
      throw invalid(
          e,
          user ? "password" : "username",
          "email.username and email.password go together (SMTP AUTH); give both or neither");
    }
    for (String key : List.of("username", "password")) {
      if (o.get(key) != null && !(o.get(key) instanceof String s && !s.isEmpty())) {
        throw invalid(e, key, "email." + key + " must be a non-empty string");
      }
    }
    address(e, "from", o.get("from"));
    recipients(e, "to", Optional.empty());
    if (o.get("cc") != null) {
      recipients(e, "cc", Optional.empty());
    }
    if (o.get("subject") != null) {
      if (!(o.get("subject") instanceof String subject)) {
        throw invalid(e, "subject", "email.subject must be a string template");
      }
      try {
        Template.text(subject);
      } catch (TemplateException bad) {
        throw invalid(e, "subject", "email.subject: " + bad.getMessage());
      }
    }
    if (e.signature().isPresent()) {
      throw new InvalidEndpointException(
          "signature",
          "endpoint '"
              + e.id()
              + "': email is not signed (webhook signatures are for HTTP receivers); remove"
              + " signature");
    }
    for (String name : e.headers().keySet()) {
      if (isMessageHeader(name)) {
        throw new InvalidEndpointException(
            "headers",
            "endpoint '"
                + e.id()
                + "': header "
                + name
                + " is set by the message itself (use email.from, email.to); other headers such as"
                + " Reply-To are added to the message");
      }
    }
    e.template().filter(t -> !t.isText()).ifPresent(t -> templateKeys(e, tree(t)));
  }

  @Override
  public NativeRequest render(Endpoint e, List<Event> events, Optional<JsonNode> templated) {
    try {
      return message(e, events.get(0), templated);
    } catch (InvalidEndpointException invalid) {
      // Checked when the endpoint was added; a render-time failure ends the delivery, as designed.
      throw new FormatException(invalid.getMessage(), invalid);
    }
  }

  private NativeRequest message(Endpoint e, Event event, Optional<JsonNode> templated) {
    Map<String, Object> o = e.formatOptions();
    Summary summary = Summary.of(event);
    String text;
    Optional<String> html;
    Optional<String> subject = Optional.empty();
    if (templated.isEmpty()) {
      text = plain(summary);
      html = Optional.of(html(summary));
    } else if (templated.get().isObject()) {
      JsonNode t = templated.get();
      templateKeys(e, t);
      subject = Optional.ofNullable(t.get("subject")).map(EmailFormat::asText);
      html = Optional.ofNullable(t.get("html")).map(EmailFormat::asText);
      text = t.has("text") ? asText(t.get("text")) : null;
    } else {
      text = asText(templated.get());
      html = Optional.empty();
    }
    String subjectLine =
        subject
            .or(
                () ->
                    Optional.ofNullable((String) o.get("subject"))
                        .map(s -> Template.text(s).renderString(event)))
            .orElseGet(summary::headline);
    InternetAddress from = address(e, "from", o.get("from"));
    List<InternetAddress> to = recipients(e, "to", Optional.of(event));
    List<InternetAddress> cc =
        o.get("cc") == null ? List.of() : recipients(e, "cc", Optional.of(event));
    try {
      MimeMessage m = new StableIdMessage();
      m.setFrom(from);
      m.setRecipients(Message.RecipientType.TO, to.toArray(new InternetAddress[0]));
      if (!cc.isEmpty()) {
        m.setRecipients(Message.RecipientType.CC, cc.toArray(new InternetAddress[0]));
      }
      m.setSubject(Texts.truncate(oneLine(subjectLine), MAX_SUBJECT), "UTF-8");
      m.setSentDate(Date.from(event.timestamp()));
      m.setHeader("Message-ID", messageId(event, e, from));
      m.setHeader("Auto-Submitted", "auto-generated");
      if (text != null && html.isPresent()) {
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part(text, "plain"));
        alternative.addBodyPart(part(html.get(), "html"));
        m.setContent(alternative);
      } else if (html.isPresent()) {
        m.setText(Texts.truncate(html.get(), MAX_BODY), "UTF-8", "html");
      } else {
        m.setText(Texts.truncate(text, MAX_BODY), "UTF-8", "plain");
      }
      m.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
      m.writeTo(out);
      return new NativeRequest(
          "SMTP", Smtp.of(e).uri(), Map.of("Content-Type", MEDIA_TYPE), out.toByteArray());
    } catch (MessagingException | IOException cannot) {
      throw new FormatException(
          "endpoint '" + e.id() + "': cannot build the message: " + cannot.getMessage(), cannot);
    }
  }

  /** The mail server's reply to the message ({@code 250 2.0.0 Ok: queued as 4F3B2}). */
  public Optional<String> resultOf(int status, byte[] body) {
    String reply = new String(body, StandardCharsets.UTF_8).strip();
    return reply.isEmpty() ? Optional.empty() : Optional.of(reply);
  }

  static String plain(Summary s) {
    StringBuilder b = new StringBuilder(s.headline()).append("\n\n");
    if (!s.text().isEmpty()) {
      b.append(s.text()).append("\n\n");
    }
    for (Map.Entry<String, String> f : s.fields()) {
      b.append(f.getKey()).append(": ").append(f.getValue()).append('\n');
    }
    if (!s.fields().isEmpty()) {
      b.append('\n');
    }
    s.link().ifPresent(l -> b.append(l).append("\n\n"));
    Event e = s.event();
    b.append(e.type()).append(" · ").append(e.timestamp()).append(" · ").append(e.id());
    return Texts.truncate(b.toString(), MAX_BODY);
  }

  static String html(Summary s) {
    String colour =
        switch (s.severity()) {
          case CRITICAL, ERROR -> "#b42318";
          case WARNING -> "#b54708";
          default -> "#1d2939";
        };
    StringBuilder b = new StringBuilder(1024);
    b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
        .append(escape(s.headline()))
        .append("</title></head><body style=\"font-family:-apple-system,Segoe UI,Helvetica,")
        .append("Arial,sans-serif;color:#1d2939\">");
    b.append("<h2 style=\"color:").append(colour).append("\">").append(escape(s.headline()));
    b.append("</h2>");
    if (!s.text().isEmpty()) {
      b.append("<p style=\"white-space:pre-wrap\">").append(escape(s.text())).append("</p>");
    }
    if (!s.fields().isEmpty()) {
      b.append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
      for (Map.Entry<String, String> f : s.fields()) {
        b.append("<tr><th align=\"left\" style=\"padding-right:16px\">")
            .append(escape(f.getKey()))
            .append("</th><td>")
            .append(escape(f.getValue()))
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    s.link()
        .filter(EmailFormat::isWebLink)
        .ifPresent(l -> b.append("<p><a href=\"").append(escape(l)).append("\">Open</a></p>"));
    Event e = s.event();
    b.append("<p style=\"color:#667085;font-size:12px\"><code>")
        .append(escape(e.type()))
        .append("</code> · ")
        .append(escape(e.timestamp().toString()))
        .append(" · ")
        .append(escape(e.id()))
        .append("</p></body></html>");
    return b.toString();
  }

  /** HTML text and attribute escaping: event data is never markup. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Only http(s) links become anchors: a {@code javascript:} URL in event data stays text. */
  private static boolean isWebLink(String link) {
    String l = link.strip().toLowerCase(Locale.ROOT);
    return l.startsWith("https://") || l.startsWith("http://");
  }

  /** A header is one line: line breaks in a subject would start new headers. */
  static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
  }

  /**
   * {@code <hookline.<event id>.<endpoint id>@<from domain>>}: the same for every attempt of a
   * delivery, so a message sent twice (at least once) can be recognised as one.
   */
  static String messageId(Event event, Endpoint e, InternetAddress from) {
    String address = from.getAddress();
    String domain = address.substring(address.lastIndexOf('@') + 1);
    return "<hookline."
        + event.id().replaceAll("[^A-Za-z0-9_-]", "-")
        + "."
        + e.id().replaceAll("[^A-Za-z0-9_-]", "-")
        + "@"
        + domain
        + ">";
  }

  private static MimeBodyPart part(String content, String subtype) throws MessagingException {
    MimeBodyPart p = new MimeBodyPart();
    p.setText(Texts.truncate(content, MAX_BODY), "UTF-8", subtype);
    return p;
  }

  private static String asText(JsonNode n) {
    return n.isTextual() ? n.asText() : n.toPrettyString();
  }

  private static JsonNode tree(Template t) {
    try {
      return Formats.JSON.readTree(t.toString());
    } catch (IOException e) {
      throw new IllegalStateException("a template's JSON form does not parse: " + t, e);
    }
  }

  private static void templateKeys(Endpoint e, JsonNode t) {
    if (!t.isObject()) {
      return; // a list or number template is sent as its JSON text
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TEMPLATE_KEYS.contains(k)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty() || !(t.has("text") || t.has("html"))) {
      throw new InvalidEndpointException(
          "template",
          "endpoint '"
              + e.id()
              + "': an email template is a text (the body) or a map with text and/or html"
              + " (and optionally subject)"
              + (unknown.isEmpty() ? "" : "; unknown keys " + unknown));
    }
  }

  private static InternetAddress address(Endpoint e, String key, Object value) {
    if (!(value instanceof String s) || s.isBlank()) {
      throw invalid(e, key, "email." + key + " must be an address, got " + describe(value));
    }
    try {
      InternetAddress a = new InternetAddress(s.strip(), true);
      a.validate();
      if (!a.getAddress().contains("@")) {
        throw new AddressException("no domain", s);
      }
      return a;
    } catch (AddressException bad) {
      throw invalid(
          e,
          key,
          "email."
              + key
              + " '"
              + s
              + "' is not an address (alerts@example.com or \"Hookline\" <alerts@example.com>): "
              + bad.getMessage());
    }
  }

  /**
   * {@code to} or {@code cc}: one address, several separated by commas, or a list of them; any of
   * them may be a template over the event ({@code "{data.owner_email}"}), which renders to one or
   * more addresses. Without an event (when the endpoint is registered) a template is only checked
   * to be well formed and the plain addresses are parsed; the list may then be empty.
   */
  private static List<InternetAddress> recipients(Endpoint e, String key, Optional<Event> event) {
    Object to = e.formatOptions().get(key);
    List<String> given = new ArrayList<>();
    if (to instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw invalid(e, key, "email." + key + " must list addresses, got " + describe(item));
        }
        given.add(s);
      }
    } else if (to instanceof String s) {
      given.add(s);
    } else {
      throw invalid(e, key, "email." + key + " must be an address or a list of them");
    }
    List<InternetAddress> out = new ArrayList<>();
    boolean templated = false;
    for (String s : given) {
      String addresses = s;
      if (Options.isTemplate(s)) {
        templated = true;
        Options.checkTemplate(e, "email", key, s);
        if (event.isEmpty()) {
          continue;
        }
        addresses = Options.routed(e, "email", key, s, event.get()).orElseThrow();
      }
      for (String part : splitAddresses(addresses)) {
        out.add(address(e, key, part));
      }
    }
    if (out.isEmpty() && !(templated && event.isEmpty())) {
      throw invalid(e, key, "email." + key + " names no recipient");
    }
    return out;
  }

  /** Splits on commas outside quotes and angle brackets ({@code "Ops, EU" <ops@x>, b@y}). */
  private static List<String> splitAddresses(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    int angle = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '<') {
        angle++;
      } else if (!quoted && c == '>') {
        angle--;
      }
      if (c == ',' && !quoted && angle == 0) {
        if (!cur.toString().isBlank()) {
          out.add(cur.toString().strip());
        }
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  private static Optional<Integer> port(Endpoint e, Object value) {
    if (value == null) {
      return Optional.empty();
    }
    long p;
    if (value instanceof Number n && n.doubleValue() == n.longValue()) {
      p = n.longValue();
    } else if (value instanceof String s && s.strip().matches("\\d{1,5}")) {
      p = Long.parseLong(s.strip());
    } else {
      throw invalid(
          e, "smtp_port", "email.smtp_port must be a port number, got " + describe(value));
    }
    if (p < 1 || p > 65_535) {
      throw invalid(e, "smtp_port", "email.smtp_port must be from 1 to 65535, got " + p);
    }
    return Optional.of((int) p);
  }

  private static Optional<Boolean> flag(Endpoint e, String key) {
    Object v = e.formatOptions().get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Boolean b) {
      return Optional.of(b);
    }
    throw invalid(e, key, "email." + key + " must be true or false, got " + describe(v));
  }

  private static String describe(Object v) {
    return v == null ? "nothing" : v instanceof String s ? "'" + s + "'" : v.toString();
  }

  private static InvalidEndpointException invalid(Endpoint e, String key, String message) {
    return new InvalidEndpointException("email." + key, "endpoint '" + e.id() + "': " + message);
  }

  /**
   * Keeps the {@code Message-ID} set from the event: Jakarta Mail would draw a random one on every
   * save, and a retried message would no longer be recognisable as the same.
   */
  private static final class StableIdMessage extends MimeMessage {
    StableIdMessage() {
      super(SESSION);
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      if (getHeader("Message-ID") == null) {
        super.updateMessageID();
      }
    }
  }

  /** True for headers the message sets itself, which endpoint headers may not replace. */
  static boolean isMessageHeader(String name) {
    return MESSAGE_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }
}
