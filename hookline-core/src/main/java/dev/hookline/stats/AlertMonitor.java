package dev.hookline.stats;

import dev.hookline.delivery.DeliveryListener;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Durations;
import dev.hookline.store.DeliveryStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies an {@link AlertPolicy} to delivery outcomes: a {@link DeliveryListener} that keeps each
 * endpoint's attempts over the policy's window and hands alert events to a {@link Sink}. {@code
 * Hookline.Builder.alerts} installs one; the sink delivers the events.
 *
 * <p>Judged per node, from the outcomes this node sees, as they arrive (an endpoint that gets no
 * more traffic neither alerts again nor recovers). Outcomes of disabled endpoints are ignored. Time
 * is the given clock's, so tests move it instead of sleeping.
 *
 * <p>Thread-safe: outcomes arrive concurrently; each endpoint's state is guarded by its own lock,
 * and the sink is called outside it. A sink that throws is logged and never affects delivery.
 */
public final class AlertMonitor implements DeliveryListener {
  private static final System.Logger LOG = System.getLogger(AlertMonitor.class.getName());

  /** Where alert events go. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Delivers {@code alert}, raised about endpoint {@code endpointId} (which must not receive it).
     */
    void alert(Event alert, String endpointId);
  }

  private final AlertPolicy policy;
  private final Clock clock;
  private final Sink sink;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  /** A monitor for {@code policy}, timed by {@code clock}, raising alerts into {@code sink}. */
  public AlertMonitor(AlertPolicy policy, Clock clock, Sink sink) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** The policy applied. */
  public AlertPolicy policy() {
    return policy;
  }

  @Override
  public void onSuccess(DeliveryOutcome outcome) {
    record(outcome);
  }

  @Override
  public void onAttemptFailed(DeliveryOutcome outcome) {
    record(outcome);
  }

  /** One endpoint's window and what has been said about it. Guarded by itself. */
  private static final class State {
    final SlidingWindow window;
    Instant rateAlertedAt;
    boolean rateAlerting;
    Instant slowAlertedAt;
    boolean slowAlerting;
    String lastError;

    State(Duration window) {
      this.window = new SlidingWindow(window);
    }
  }

  private void record(DeliveryOutcome o) {
    if (!o.endpoint().enabled()) {
      return;
    }
    String id = o.endpoint().id();
    Instant now = clock.instant();
    boolean success = o.status() == DeliveryStatus.SUCCEEDED;
    long millis = o.duration().toMillis();
    Optional<Duration> slowAfter = policy.deliveryTimeoutThreshold();
    boolean slow = slowAfter.isPresent() && o.duration().compareTo(slowAfter.get()) > 0;
    State st = states.computeIfAbsent(id, k -> new State(policy.window()));
    List<Event> alerts = new ArrayList<>(2);
    synchronized (st) {
      st.window.add(now, success, millis, slow);
      if (!success) {
        st.lastError = o.error().orElse("failed");
      }
      SlidingWindow.Snapshot s = st.window.snapshot(now);
      if (policy.failureThreshold().isPresent()) {
        double threshold = policy.failureThreshold().getAsDouble();
        boolean below = s.attempts() >= policy.minAttempts() && s.successRate() < threshold;
        if (below && quiet(st.rateAlertedAt, now)) {
          st.rateAlerting = true;
          st.rateAlertedAt = now;
          alerts.add(failureRate(id, s, threshold, st.lastError));
        } else if (!below && st.rateAlerting && s.successRate() >= threshold) {
          st.rateAlerting = false;
          alerts.add(recovered(id, "failure_rate", s));
        }
      }
      if (slowAfter.isPresent()) {
        if (slow && quiet(st.slowAlertedAt, now)) {
          st.slowAlerting = true;
          st.slowAlertedAt = now;
          alerts.add(slowDelivery(id, s, slowAfter.get(), millis));
        } else if (!slow && st.slowAlerting && s.slow() == 0) {
          st.slowAlerting = false;
          alerts.add(recovered(id, "slow_delivery", s));
        }
      }
    }
    for (Event alert : alerts) {
      try {
        sink.alert(alert, id);
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot raise " + alert.type() + " about endpoint " + id + ": " + e.getMessage(),
            e);
      }
    }
  }

  /** At most one alert of a kind per endpoint per window. */
  private boolean quiet(Instant lastAlert, Instant now) {
    return lastAlert == null || !now.isBefore(lastAlert.plus(policy.window()));
  }

  private Event failureRate(
      String id, SlidingWindow.Snapshot s, double threshold, String lastError) {
    String window = Durations.format(policy.window());
    return base(AlertPolicy.FAILURE_RATE, id, "failure_rate", Severity.ERROR, s)
        .put(
            "title",
            "Endpoint "
                + id
                + ": "
                + percent(s.successRate())
                + " of deliveries succeeded in the last "
                + window
                + " (threshold "
                + percent(threshold)
                + ")")
        .put(
            "message",
            s.failures()
                + " of "
                + s.attempts()
                + " attempts failed"
                + (lastError == null ? "" : "; last error: " + lastError))
        .put("threshold", threshold)
        .put("last_error", lastError == null ? "" : lastError)
        .build();
  }

  private Event slowDelivery(String id, SlidingWindow.Snapshot s, Duration threshold, long millis) {
    return base(AlertPolicy.SLOW_DELIVERY, id, "slow_delivery", Severity.WARNING, s)
        .put(
            "title",
            "Endpoint "
                + id
                + ": an attempt took "
                + millis
                + " ms, over the "
                + Durations.format(threshold)
                + " threshold")
        .put(
            "message",
            s.slow()
                + " of "
                + s.attempts()
                + " attempts in the last "
                + Durations.format(policy.window())
                + " were slower; p95 "
                + s.p95Millis()
                + " ms")
        .put("threshold_ms", threshold.toMillis())
        .put("duration_ms", millis)
        .put("slow_attempts", s.slow())
        .build();
  }

  private Event recovered(String id, String alert, SlidingWindow.Snapshot s) {
    return base(AlertPolicy.RESOLVED, id, alert, Severity.INFO, s)
        .put(
            "title",
            "Endpoint "
                + id
                + " recovered: "
                + (alert.equals("failure_rate")
                    ? percent(s.successRate()) + " of deliveries succeeded"
                    : "no attempt over the threshold")
                + " in the last "
                + Durations.format(policy.window()))
        .put("alert", alert)
        .build();
  }

  private Event.Builder base(
      String type, String id, String kind, Severity severity, SlidingWindow.Snapshot s) {
    return Event.builder(type)
        .clock(clock)
        .source("hookline")
        .subject(id + "/" + kind)
        .severity(severity)
        .put("endpoint_id", id)
        .put("success_rate", Math.round(s.successRate() * 10_000) / 10_000.0)
        .put("attempts", s.attempts())
        .put("failures", s.failures())
        .put("p95_ms", s.p95Millis())
        .put("max_ms", s.maxMillis())
        .put("window", Durations.format(policy.window()))
        .put("window_seconds", policy.window().toSeconds());
  }

  private static String percent(double rate) {
    double p = rate * 100;
    return (p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%.1f", p))
        + "%";
  }
}
