package dev.hookline.server;

import dev.hookline.event.EventPattern;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/stream}: a live view of accepted events and delivery outcomes as Server-Sent
 * Events. Publishing never blocks: each subscriber has a bounded queue written by its own (virtual)
 * request thread; a subscriber that falls behind loses messages and is told how many with a {@code
 * lagged} event. The durable history is {@code /api/events} and {@code /api/deliveries}.
 */
final class LiveStream {
  static final int QUEUE_CAPACITY = 4096;

  /** Most bytes of messages waiting for one subscriber; beyond, messages are dropped. */
  static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;

  /** Largest event shown whole on the stream; a larger one shows its fields without its data. */
  static final int MAX_EVENT_CHARS = 64 * 1024;

  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  /** One SSE message: event name, id, the event type it concerns, JSON data. */
  record Message(String name, String id, String eventType, String data) {}

  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  void publish(Message message) {
    for (Subscriber s : subscribers) {
      s.offer(message);
    }
  }

  int subscribers() {
    return subscribers.size();
  }

  /**
   * Serves one client until it disconnects or the server stops; blocks its (virtual) request
   * thread. Plain servlet output rather than Javalin's SSE helper, which needs an {@code Accept:
   * text/event-stream} header that {@code curl -N} does not send.
   */
  void serve(Context ctx, List<EventPattern> types) {
    Subscriber s = new Subscriber(types);
    subscribers.add(s);
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    try {
      OutputStream out = res.getOutputStream();
      write(out, ": connected\n\n");
      while (!closed) {
        Message m = s.queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        if (m != null) {
          s.bytes.addAndGet(-m.data().length());
        }
        long lost = s.dropped.getAndSet(0);
        if (lost > 0) {
          write(out, "event: lagged\ndata: {\"dropped\":" + lost + "}\n\n");
        }
        if (m == null) {
          write(out, ": heartbeat\n\n");
        } else if (!m.name().equals("closing")) {
          write(out, "event: " + m.name() + "\nid: " + m.id() + "\ndata: " + m.data() + "\n\n");
        }
      }
    } catch (IOException gone) {
      // the client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      subscribers.remove(s);
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  void close() {
    closed = true;
    for (Subscriber s : subscribers) {
      s.queue.offer(new Message("closing", "", "", "{}"));
    }
  }

  static final class Subscriber {
    final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final List<EventPattern> types;

    Subscriber(List<EventPattern> types) {
      this.types = types;
    }

    void offer(Message m) {
      if (!types.isEmpty() && types.stream().noneMatch(p -> p.matches(m.eventType()))) {
        return;
      }
      int size = m.data().length();
      if (bytes.get() + size > MAX_QUEUED_BYTES || !queue.offer(m)) {
        dropped.incrementAndGet();
        return;
      }
      bytes.addAndGet(size);
    }
  }
}
