package dev.hookline.event;

import java.util.Objects;

/**
 * What one subscribed handler is, as listed by {@link EventBus#handlers()} and passed to a {@link
 * HandlerErrorHandler}.
 *
 * @param pattern the event-type pattern it was subscribed with
 * @param async true when it runs on the bus's executor, false when it runs on the emitting thread
 * @param description who the handler is: {@code com.acme.Alerts.onPrediction(Event)} for an {@link
 *     On} method; the handler's {@code toString()} when its class overrides it; otherwise its class
 *     name, which for a lambda or method reference is {@code com.acme.Setup$$Lambda}, naming the
 *     class whose code created it
 */
public record HandlerInfo(String pattern, boolean async, String description) {
  /** Checks that no component is null. */
  public HandlerInfo {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(description, "description");
  }
}
