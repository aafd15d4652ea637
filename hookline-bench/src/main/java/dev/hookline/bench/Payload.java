package dev.hookline.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The body every scenario sends: a JSON object of exactly {@value #SIZE} bytes that looks like a
 * typical webhook event (an order with a few line items), so that every scenario moves the same
 * bytes and their figures compare.
 */
public final class Payload {
  /** Size of {@link #JSON} in bytes (UTF-8; the text is ASCII). */
  public static final int SIZE = 1024;

  /** The body, as text. */
  public static final String JSON = build();

  private Payload() {}

  /** A fresh copy of {@link #JSON} as UTF-8 bytes. */
  public static byte[] bytes() {
    return JSON.getBytes(UTF_8);
  }

  private static String build() {
    StringBuilder json =
        new StringBuilder(SIZE)
            .append("{\"type\":\"order.created\",\"source\":\"shop-eu-1\",\"data\":{")
            .append("\"order_id\":\"ord_01J9Z6Q4X8V6N3K2M5P7R9T1W3\",\"customer\":{")
            .append("\"id\":\"cus_7Hq2\",\"email\":\"ada@example.com\",\"country\":\"DE\"},")
            .append("\"currency\":\"EUR\",\"total\":12999,\"items\":[");
    for (int i = 1; i <= 6; i++) {
      json.append(i == 1 ? "" : ",")
          .append("{\"sku\":\"SKU-")
          .append(1000 + i)
          .append("\",\"name\":\"Item number ")
          .append(i)
          .append("\",\"qty\":")
          .append(i)
          .append(",\"price\":")
          .append(999 + i)
          .append('}');
    }
    json.append("],\"note\":\"");
    // Pad the note so the whole document is exactly SIZE bytes.
    int closing = "\"}}".length();
    while (json.length() < SIZE - closing) {
      json.append('x');
    }
    json.append("\"}}");
    if (json.length() != SIZE) {
      throw new AssertionError("payload is " + json.length() + " bytes, not " + SIZE);
    }
    return json.toString();
  }
}
