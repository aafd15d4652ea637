package dev.hookline.server.inbound;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The newest {@code capacity} log entries, oldest dropped first. Thread-safe. */
final class InboundLog {
  private final int capacity;
  private final ArrayDeque<InboundLogEntry> entries;

  InboundLog(int capacity) {
    this.capacity = capacity;
    this.entries = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  synchronized void add(InboundLogEntry entry) {
    if (capacity == 0) {
      return;
    }
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(entry);
  }

  /** Up to {@code limit} entries, newest first. */
  synchronized List<InboundLogEntry> newest(int limit) {
    List<InboundLogEntry> out = new ArrayList<>(Math.min(limit, entries.size()));
    Iterator<InboundLogEntry> it = entries.descendingIterator();
    while (it.hasNext() && out.size() < limit) {
      out.add(it.next());
    }
    return out;
  }
}
