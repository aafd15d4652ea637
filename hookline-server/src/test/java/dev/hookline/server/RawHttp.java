package dev.hookline.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Bytes on a socket, for what {@code java.net.http} refuses to send: a body shorter than its
 * Content-Length, a broken request line, oversized headers. Each call uses a fresh connection.
 */
final class RawHttp {
  private static final int TIMEOUT_MILLIS = 10_000;

  private RawHttp() {}

  /**
   * What came back: {@code status} is 0 when the server closed the connection without answering.
   */
  record Answer(int status, Map<String, String> headers, String body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    JsonNode json() {
      try {
        return TestServer.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /**
   * Writes {@code request} as is, then (when {@code closeOutput}) half-closes the socket, the way a
   * client that gives up mid-body does, and reads the answer until the server closes.
   */
  static Answer send(URI server, byte[] request, boolean closeOutput) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MILLIS);
      s.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      if (closeOutput) {
        s.shutdownOutput();
      }
      return parse(readAll(s.getInputStream()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** {@link #send(URI, byte[], boolean)} of a Latin-1 string. */
  static Answer send(URI server, String request, boolean closeOutput) {
    return send(server, request.getBytes(StandardCharsets.ISO_8859_1), closeOutput);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.write(buf, 0, n);
        if (complete(got.toByteArray())) {
          break;
        }
      }
    } catch (SocketException reset) {
      // The server may reset after answering; what arrived before is the answer.
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT_MILLIS + " ms: " + got, e);
    }
    return got.toByteArray();
  }

  /** Whether {@code bytes} hold a whole response (by Content-Length or chunked end). */
  private static boolean complete(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    Map<String, String> headers = headers(text.substring(0, end));
    String length = headers.get("content-length");
    if (length != null) {
      return bytes.length >= end + 4 + Integer.parseInt(length.trim());
    }
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      return text.endsWith("0\r\n\r\n");
    }
    return false;
  }

  private static Answer parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    if (text.isEmpty()) {
      return new Answer(0, Map.of(), "");
    }
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/") || end < 0) {
      throw new AssertionError("not an HTTP response: " + text);
    }
    String head = text.substring(0, end);
    int status = Integer.parseInt(head.substring(9, 12));
    Map<String, String> headers = headers(head);
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      body = dechunk(body);
    }
    byte[] raw = body.getBytes(StandardCharsets.ISO_8859_1);
    return new Answer(status, headers, new String(raw, StandardCharsets.UTF_8));
  }

  private static Map<String, String> headers(String head) {
    Map<String, String> headers = new LinkedHashMap<>();
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    return headers;
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = body.indexOf("\r\n", at);
      if (eol < 0) {
        return out.toString();
      }
      int size = Integer.parseInt(body.substring(at, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
      at = eol + 2 + size + 2;
    }
  }
}
