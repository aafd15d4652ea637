package dev.hookline.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a listener object as an event handler; {@link EventBus#register(Object)}
 * subscribes every such method.
 *
 * <pre>{@code
 * class Notifications {
 *   @On("pattern_learned")
 *   void patternLearned(Event event) { ... }
 *
 *   @On({"github.*", "gitlab.*"})
 *   @On(value = "level_*_prediction", async = true)
 *   private void onEvent(Event event) { ... }
 * }
 *
 * Subscription subscription = bus.register(new Notifications());
 * }</pre>
 *
 * <p>The method must be an instance method returning {@code void} that takes one {@link Event} or
 * nothing; it may have any visibility and may throw anything. Repeat the annotation, or give
 * several patterns, to subscribe a method more than once.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(On.List.class)
public @interface On {
  /** The event-type patterns (see {@link EventPattern}); at least one. */
  String[] value();

  /**
   * True to run on the bus's executor, like {@link EventBus#onAsync}; false (the default) to run on
   * the emitting thread, like {@link EventBus#on}.
   */
  boolean async() default false;

  /** The container of a repeated {@link On}; written by the compiler, not by hand. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {
    /** The repeated annotations. */
    On[] value();
  }
}
