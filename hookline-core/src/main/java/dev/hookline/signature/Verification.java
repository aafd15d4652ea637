package dev.hookline.signature;

import java.util.Objects;

/**
 * The outcome of verifying one request: a {@link Reason} and a human sentence that says what was
 * found. {@link #valid()} is true only for {@link Reason#VALID}.
 *
 * <p>Messages name headers, timestamps and tolerances; they never contain a secret, and they do not
 * echo received signature values.
 *
 * @param reason why the request was accepted or rejected
 * @param message a sentence for logs, the inbound request log and the CLI
 */
public record Verification(Reason reason, String message) {

  /** Why a request was accepted or rejected. */
  public enum Reason {
    /** The signature matches (or the scheme is {@code none}). */
    VALID,
    /** A header the scheme needs is absent. */
    MISSING_HEADER,
    /** A header is present but not in the scheme's format (e.g. a timestamp that is no number). */
    MALFORMED_HEADER,
    /** The body cannot be read the way the scheme needs (Twilio: form parameters). */
    MALFORMED_BODY,
    /** The scheme signs the request URL (Twilio) and none was given to the verifier. */
    MISSING_URL,
    /** The signed timestamp is older than the tolerance allows: possibly a replay. */
    TIMESTAMP_TOO_OLD,
    /** The signed timestamp is further in the future than the tolerance allows. */
    TIMESTAMP_TOO_NEW,
    /** The signatures are well formed but none matches any configured secret or key. */
    NO_MATCHING_SIGNATURE
  }

  /**
   * Creates an outcome.
   *
   * @throws NullPointerException if reason or message is null
   */
  public Verification {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** An accepted request. */
  public static Verification success(String message) {
    return new Verification(Reason.VALID, message);
  }

  /**
   * A rejected request.
   *
   * @throws IllegalArgumentException if the reason is {@link Reason#VALID}
   */
  public static Verification failure(Reason reason, String message) {
    if (reason == Reason.VALID) {
      throw new IllegalArgumentException("a failure needs a reason other than VALID");
    }
    return new Verification(reason, message);
  }

  /** True when the request is authentic (reason {@link Reason#VALID}). */
  public boolean valid() {
    return reason == Reason.VALID;
  }
}
