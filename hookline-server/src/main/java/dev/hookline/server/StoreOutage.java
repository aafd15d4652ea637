package dev.hookline.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.store.StoreException;
import io.javalin.http.Context;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the HTTP API answers a request the store cannot take (the database is down or restarting):
 * {@code 503} with {@code Retry-After}, never a 500, and for event posts whether the events may be
 * stored all the same, with their ids, so that the client's retry with the same ids is
 * de-duplicated instead of counted twice.
 */
final class StoreOutage {
  private static final Logger LOG = LoggerFactory.getLogger(StoreOutage.class);

  /** Seconds a client is told to wait before sending again. */
  static final int RETRY_AFTER_SECONDS = 2;

  /** The context attribute holding the ids of the events a request posts (a list of strings). */
  static final String EVENT_IDS = "hookline.store-outage.event-ids";

  private StoreOutage() {}

  /**
   * The store outage behind {@code e}, anywhere in its cause chain: a {@link StoreException} that
   * is {@linkplain StoreException#unavailable() unavailable}. Other store failures (damaged data, a
   * bug) are not outages: another try would fail the same, so they are answered 500 and logged.
   */
  static Optional<StoreException> cause(Throwable e) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof StoreException se && se.unavailable()) {
        return Optional.of(se);
      }
    }
    return Optional.empty();
  }

  /** Remembers which events the request posts, for the answer should the store fail. */
  static void posting(Context ctx, List<String> eventIds) {
    ctx.attribute(EVENT_IDS, List.copyOf(eventIds));
  }

  /** Forgets the events of {@link #posting}: the store has taken them. */
  static void posted(Context ctx) {
    ctx.attribute(EVENT_IDS, null);
  }

  /**
   * Answers {@code 503 store_unavailable} with {@code Retry-After}. The body of an event post adds
   * {@code outcome} ({@code not_stored}: nothing was stored; {@code unknown}: the connection was
   * lost while committing, so some or all may be) and the events' {@code ids}.
   */
  static void answer(Context ctx, StoreException e) {
    LOG.warn("{} {}: the store cannot take the request", ctx.method(), ctx.path(), e);
    List<String> ids = ctx.attribute(EVENT_IDS);
    ObjectNode body = ApiJson.object();
    body.put("error", "store_unavailable");
    if (ids == null && e.outcomeUnknown()) {
      body.put(
          "message",
          "the store lost its connection while committing: the change may or may not be stored;"
              + " read it back before sending it again");
      body.put("outcome", "unknown");
    } else if (ids == null) {
      body.put(
          "message",
          "the store is unavailable; send the request again after " + RETRY_AFTER_SECONDS + " s");
    } else if (e.outcomeUnknown()) {
      body.put(
          "message",
          "the store lost its connection while committing: the events may or may not be stored;"
              + " send them again with the same ids, which are recognised as duplicates");
      body.put("outcome", "unknown");
    } else {
      body.put(
          "message",
          "the store is unavailable and nothing was stored; send the events again after "
              + RETRY_AFTER_SECONDS
              + " s");
      body.put("outcome", "not_stored");
    }
    if (ids != null) {
      ArrayNode array = body.putArray("ids");
      ids.forEach(array::add);
    }
    ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    HttpApi.json(ctx, 503, body);
  }
}
