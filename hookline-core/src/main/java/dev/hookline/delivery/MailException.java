package dev.hookline.delivery;

import java.io.IOException;

/**
 * An e-mail attempt that did not end with the message accepted: the SMTP server's refusal (with its
 * code and reply) or a connection, TLS or timeout error. The message is the attempt's error as
 * recorded; it never holds credentials.
 */
final class MailException extends IOException {
  private static final long serialVersionUID = 1L;

  private final boolean permanent;

  MailException(String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
  }

  /**
   * True for a permanent refusal (an SMTP 5xx reply: unknown mailbox, authentication refused,
   * message rejected): sending it again would get the same answer, so the delivery is dead at once.
   */
  boolean permanent() {
    return permanent;
  }

  /** True when {@code error} is a permanent e-mail refusal. */
  static boolean isPermanent(Throwable error) {
    return error instanceof MailException m && m.permanent;
  }
}
