package dev.hookline.event;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Monotonic ULIDs: 48 bits of milliseconds then 80 random bits, in Crockford base32, so ids sort by
 * creation time as strings. Within one millisecond the random part is incremented, keeping order
 * (the ULID spec's monotonic mode).
 */
final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static long lastMillis;
  private static long randHigh; // 16 bits
  private static long randLow; // 64 bits

  private Ulid() {}

  static String next(String prefix, Clock clock) {
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
}
