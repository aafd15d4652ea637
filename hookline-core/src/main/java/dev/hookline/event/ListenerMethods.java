package dev.hookline.event;

import dev.hookline.HooklineException;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the {@link On} methods of a listener object and turns each into an {@link EventHandler}.
 */
final class ListenerMethods {
  private static final MethodType HANDLE = MethodType.methodType(void.class, Event.class);
  private static final MethodType RUN = MethodType.methodType(void.class);

  /** One subscription to make: a method and one of its patterns. */
  record Target(EventPattern pattern, boolean async, EventHandler handler, String description) {}

  private ListenerMethods() {}

  /**
   * The handlers of {@code listener}, in a stable order: its class first, then superclasses, then
   * interfaces; by method name within a class; by annotation and pattern order within a method.
   *
   * @throws HooklineException naming the class and method when a method is unusable
   */
  static List<Target> scan(Object listener, Optional<MethodHandles.Lookup> userLookup) {
    Class<?> type = listener.getClass();
    Set<String> subscribed = new HashSet<>();
    List<Target> targets = new ArrayList<>();
    for (Class<?> c : hierarchy(type)) {
      Method[] methods = c.getDeclaredMethods();
      Arrays.sort(
          methods,
          Comparator.comparing(Method::getName)
              .thenComparing(m -> Arrays.toString(m.getParameterTypes())));
      for (Method m : methods) {
        On[] ons = m.getAnnotationsByType(On.class);
        if (ons.length == 0 || m.isSynthetic() || m.isBridge()) {
          continue;
        }
        // A subclass that re-annotates an overridden method has already subscribed it; calls go
        // through virtual dispatch, so an annotated superclass method reaches an override too.
        if (!subscribed.add(overrideKey(m))) {
          continue;
        }
        validate(m);
        EventHandler handler = handlerFor(listener, m, userLookup);
        String description = describe(m);
        for (On on : ons) {
          if (on.value().length == 0) {
            throw new HooklineException("@On method " + description + " has no pattern");
          }
          for (String pattern : on.value()) {
            targets.add(
                new Target(compile(pattern, description), on.async(), handler, description));
          }
        }
      }
    }
    if (targets.isEmpty()) {
      throw new HooklineException(
          "no @On methods on "
              + type.getName()
              + ": annotate instance methods taking an Event with @On(\"event_type\")");
    }
    return targets;
  }

  /** "com.acme.Alerts.onPrediction(Event)". */
  static String describe(Method m) {
    StringBuilder sb = new StringBuilder(m.getDeclaringClass().getName()).append('.');
    sb.append(m.getName()).append('(');
    Class<?>[] params = m.getParameterTypes();
    for (int i = 0; i < params.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(params[i].getSimpleName());
    }
    return sb.append(')').toString();
  }

  private static EventPattern compile(String pattern, String description) {
    try {
      return EventPattern.compile(pattern);
    } catch (HooklineException e) {
      throw new HooklineException("@On method " + description + ": " + e.getMessage(), e);
    }
  }

  private static void validate(Method m) {
    String problem = null;
    if (Modifier.isStatic(m.getModifiers())) {
      problem = "is static; @On methods must be instance methods of the registered object";
    } else if (m.getReturnType() != void.class) {
      problem = "must return void, not " + m.getReturnType().getSimpleName();
    } else if (m.getParameterCount() > 1
        || m.getParameterCount() == 1 && m.getParameterTypes()[0] != Event.class) {
      problem = "must take a single dev.hookline.event.Event parameter, or none";
    }
    if (problem != null) {
      throw new HooklineException("@On method " + describe(m) + " " + problem);
    }
  }

  /** Methods that override each other share a key; private ones are unique to their class. */
  private static String overrideKey(Method m) {
    int mod = m.getModifiers();
    String owner;
    if (Modifier.isPrivate(mod)) {
      owner = m.getDeclaringClass().getName();
    } else if (Modifier.isPublic(mod) || Modifier.isProtected(mod)) {
      owner = "";
    } else {
      owner = m.getDeclaringClass().getPackageName(); // package-private overrides within a package
    }
    return owner + "#" + m.getName() + Arrays.toString(m.getParameterTypes());
  }

  /** The class, its superclasses (without Object), then every interface they implement. */
  private static List<Class<?>> hierarchy(Class<?> type) {
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      classes.add(c);
    }
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>();
    for (Class<?> c : classes) {
      queue.addAll(Arrays.asList(c.getInterfaces()));
    }
    while (!queue.isEmpty()) {
      Class<?> i = queue.removeFirst();
      if (interfaces.add(i)) {
        queue.addAll(Arrays.asList(i.getInterfaces()));
      }
    }
    classes.addAll(interfaces);
    return classes;
  }

  /**
   * A handler that calls {@code m} on {@code listener}. Spins a class with LambdaMetafactory, so
   * the call is as cheap as a lambda's and the JIT can inline it; falls back to a bound method
   * handle when the lookup lacks the full privileges LambdaMetafactory needs (another named
   * module).
   */
  private static EventHandler handlerFor(
      Object listener, Method m, Optional<MethodHandles.Lookup> userLookup) {
    Class<?> owner = m.getDeclaringClass();
    MethodHandles.Lookup lookup;
    MethodHandle impl;
    try {
      lookup = MethodHandles.privateLookupIn(owner, userLookup.orElseGet(MethodHandles::lookup));
      impl = lookup.unreflect(m);
    } catch (IllegalAccessException | SecurityException e) {
      throw new HooklineException(
          "cannot access @On method "
              + describe(m)
              + " ("
              + e.getMessage()
              + "): open its package to Hookline, or register with"
              + " bus.register(listener, MethodHandles.lookup()) called from "
              + owner.getName(),
          e);
    }
    boolean takesEvent = m.getParameterCount() == 1;
    try {
      if (takesEvent) {
        CallSite site =
            LambdaMetafactory.metafactory(
                lookup,
                "handle",
                MethodType.methodType(EventHandler.class, owner),
                HANDLE,
                impl,
                HANDLE);
        return (EventHandler) site.getTarget().invoke(listener);
      }
      CallSite site =
          LambdaMetafactory.metafactory(
              lookup, "run", MethodType.methodType(Runnable.class, owner), RUN, impl, RUN);
      Runnable run = (Runnable) site.getTarget().invoke(listener);
      return event -> run.run(); // the method's checked exceptions pass through run() unchecked
    } catch (Throwable lambdaFailure) {
      MethodHandle bound = impl.bindTo(listener);
      if (!takesEvent) {
        bound = MethodHandles.dropArguments(bound, 0, Event.class);
      }
      return new MethodHandleHandler(bound.asType(HANDLE));
    }
  }

  /** Calls a {@code (Event)void} method handle; the slower path, for restricted lookups. */
  private record MethodHandleHandler(MethodHandle target) implements EventHandler {
    @Override
    public void handle(Event event) throws Exception {
      try {
        target.invokeExact(event);
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new UndeclaredThrowableException(t);
      }
    }
  }
}
