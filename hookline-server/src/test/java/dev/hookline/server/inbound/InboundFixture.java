package dev.hookline.server.inbound;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.hookline.Hookline;
import dev.hookline.event.Event;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.store.EventQuery;
import dev.hookline.store.Store;
import dev.hookline.store.StoredEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Inbound webhooks in front of a real {@link Hookline} on an SQLite file, with a fixed clock: the
 * store decides what is a duplicate, as in the server.
 */
final class InboundFixture implements AutoCloseable {
  static final long NOW = 1_700_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  final Hookline hookline;
  final InboundWebhooks inbound;

  InboundFixture(Path dir, SourceConfig... sources) {
    this(dir, builder -> builder, sources);
  }

  InboundFixture(
      Path dir, UnaryOperator<InboundWebhooks.Builder> configure, SourceConfig... sources) {
    hookline = Hookline.builder().store(Store.sqlite(dir.resolve("hookline.db"))).build();
    InboundWebhooks.Builder builder = InboundWebhooks.builder(hookline::publish).clock(CLOCK);
    for (SourceConfig source : sources) {
      builder.source(source);
    }
    inbound = configure.apply(builder).build();
  }

  /** POSTs a body with headers (name, value, name, value, ...) to /webhooks/{source}. */
  InboundResponse post(String source, String body, String... headers) {
    return post(source, body.getBytes(UTF_8), headers);
  }

  InboundResponse post(String source, byte[] body, String... headers) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return inbound.receive(
        source,
        InboundRequest.post(URI.create("http://localhost:8000/webhooks/" + source), map, body));
  }

  /** Every stored event, newest first. */
  List<Event> events() {
    return hookline.events(EventQuery.all().limit(100)).items().stream()
        .map(StoredEvent::event)
        .toList();
  }

  /** The only stored event. */
  Event event() {
    List<Event> events = events();
    if (events.size() != 1) {
      throw new AssertionError(
          "expected exactly one event, found " + events.size() + ": " + events);
    }
    return events.get(0);
  }

  InboundLogEntry lastLog() {
    return inbound.recent(1).get(0);
  }

  @Override
  public void close() {
    hookline.close();
  }
}
