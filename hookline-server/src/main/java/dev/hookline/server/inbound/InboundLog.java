package dev.hookline.server.inbound;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The newest {@code capacity} log entries of one source, oldest dropped first. Each entry carries a
 * sequence number from a counter shared by every source's log, so logs merge in arrival order.
 * Thread-safe.
 */
final class InboundLog {
  /** An entry and its place in the arrival order of all sources. */
  record Item(long sequence, InboundLogEntry entry) {}

  private final int capacity;
  private final ArrayDeque<Item> entries;

  InboundLog(int capacity) {
    this.capacity = capacity;
    this.entries = new ArrayDeque<>(Math.min(capacity, 64));
  }

  synchronized void add(long sequence, InboundLogEntry entry) {
    if (capacity == 0) {
      return;
    }
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(new Item(sequence, entry));
  }

  /** Up to {@code limit} items, newest first. */
  synchronized List<Item> newest(int limit) {
    List<Item> out = new ArrayList<>(Math.min(limit, entries.size()));
    Iterator<Item> it = entries.descendingIterator();
    while (it.hasNext() && out.size() < limit) {
      out.add(it.next());
    }
    return out;
  }
}
