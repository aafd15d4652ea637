package dev.hookline.bench;

/**
 * A thread-safe set of delivery ids kept as 64-bit hashes in open-addressing {@code long[]} tables,
 * one per lock stripe.
 *
 * <p>Why not a {@code ConcurrentHashMap.newKeySet()}: a load run sees millions of ids, and a set of
 * {@code String}s keeps three objects per id alive for the whole run; the young collections then
 * copy them again and again, and the tool's own bookkeeping shows up as the engine's GC pauses and
 * heap. Here an id costs 16 bytes of an array that is never copied object by object.
 *
 * <p>Two different ids collide with probability about {@code n² / 2^65}: 1 in 10^8 for a million
 * ids. A collision would be counted as a duplicate.
 */
final class IdSet {
  private static final int STRIPE_BITS = 6;
  private static final int INITIAL_CAPACITY = 1 << 12; // per stripe; a power of two

  private final Stripe[] stripes = new Stripe[1 << STRIPE_BITS];

  IdSet() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** Adds {@code id}; returns whether it was absent. */
  boolean add(String id) {
    long h = hash(id);
    Stripe stripe = stripes[(int) (h >>> (64 - STRIPE_BITS))];
    synchronized (stripe) {
      return stripe.add(h);
    }
  }

  /** How many distinct ids were added. */
  long size() {
    long n = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        n += stripe.size;
      }
    }
    return n;
  }

  /** FNV-1a over the UTF-16 chars, then MurmurHash3's finaliser so every bit depends on all. */
  static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < id.length(); i++) {
      h ^= id.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Linear probing over a power-of-two table; 0 marks an empty slot, so 0 itself is a flag. */
  private static final class Stripe {
    long[] table = new long[INITIAL_CAPACITY];
    int size;
    boolean hasZero;

    boolean add(long h) {
      if (h == 0) {
        if (hasZero) {
          return false;
        }
        hasZero = true;
        size++;
        return true;
      }
      if (insert(table, h)) {
        if (++size > table.length / 2) {
          grow();
        }
        return true;
      }
      return false;
    }

    private static boolean insert(long[] table, long h) {
      int mask = table.length - 1;
      for (int i = (int) h & mask; ; i = (i + 1) & mask) {
        if (table[i] == h) {
          return false;
        }
        if (table[i] == 0) {
          table[i] = h;
          return true;
        }
      }
    }

    private void grow() {
      long[] bigger = new long[table.length * 2];
      for (long h : table) {
        if (h != 0) {
          insert(bigger, h);
        }
      }
      table = bigger;
    }
  }
}
