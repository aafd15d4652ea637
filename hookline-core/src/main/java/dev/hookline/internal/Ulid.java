package dev.hookline.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Monotonic ULIDs: 48 bits of milliseconds then 80 random bits, in Crockford base32, so ids sort by
 * creation time as strings. Within one millisecond the random part is incremented, keeping order
 * (the ULID spec's monotonic mode). Event and delivery ids are made here.
 *
 * <p>Not API: {@code dev.hookline.internal} is shared by Hookline's own modules and may change in
 * any release.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static long lastMillis;
  private static long randHigh; // 16 bits
  private static long randLow; // 64 bits

  private Ulid() {}

  /** A new id: {@code prefix} then a ULID from {@code clock}, greater than the last one made. */
  public static String next(String prefix, Clock clock) {
    long millis = clock.millis();
    long high;
    long low;
    LOCK.lock();
    try {
      if (millis <= lastMillis) {
        // Same (or an earlier, after a clock step back) millisecond: keep order by incrementing.
        millis = lastMillis;
        randLow++;
        if (randLow == 0) {
          randHigh = (randHigh + 1) & 0xFFFF;
        }
      } else {
        lastMillis = millis;
        randHigh = RANDOM.nextInt() & 0xFFFF;
        randLow = RANDOM.nextLong();
      }
      high = randHigh;
      low = randLow;
    } finally {
      LOCK.unlock();
    }
    char[] out = new char[prefix.length() + 26];
    prefix.getChars(0, prefix.length(), out, 0);
    int p = prefix.length();
    // 10 chars of time (50 bits, top 2 zero).
    for (int i = 9; i >= 0; i--) {
      out[p + i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    // 16 chars of randomness: 80 bits = high(16) + low(64).
    for (int i = 25; i >= 10; i--) {
      out[p + i] = ALPHABET[(int) (low & 31)];
      low = (low >>> 5) | ((high & 31) << 59);
      high >>>= 5;
    }
    return new String(out);
  }

  /**
   * The id right after {@code id} in sort order: its ULID plus one (the prefix kept).
   *
   * @throws IllegalArgumentException when no id follows (every ULID digit is the greatest)
   */
  public static String successor(String id) {
    char[] chars = id.toCharArray();
    for (int i = chars.length - 1; i >= 0; i--) {
      int digit = digit(chars[i]);
      if (digit < 0) {
        break;
      }
      if (digit < ALPHABET.length - 1) {
        chars[i] = ALPHABET[digit + 1];
        return new String(chars);
      }
      chars[i] = ALPHABET[0];
    }
    throw new IllegalArgumentException("there is no id after " + id);
  }

  private static int digit(char c) {
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
