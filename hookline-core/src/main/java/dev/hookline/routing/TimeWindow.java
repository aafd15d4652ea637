package dev.hookline.routing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Hours of the day (and optionally days of the week) during which an endpoint takes events, judged
 * at routing time in {@code timezone}: from {@code start_hour} (inclusive) to {@code end_hour}
 * (exclusive).
 *
 * <ul>
 *   <li>{@code 9 → 17}: business hours, 09:00 to 16:59:59;
 *   <li>{@code 22 → 6}: a window that wraps midnight, 22:00 to 05:59:59;
 *   <li>{@code 0 → 24}: the whole day (useful with {@code days}).
 * </ul>
 *
 * <p>A window that wraps midnight belongs to the day it opens on: with {@code days: [FRIDAY]}, a
 * {@code 22 → 6} window covers Friday 22:00 to Saturday 05:59. An empty {@code days} means every
 * day. {@code start_hour == end_hour} is rejected as ambiguous (use {@code 0 → 24} for all day).
 *
 * @param startHour the first hour inside the window, 0 to 23
 * @param endHour the first hour after the window, 0 to 24
 * @param timezone the zone the hours are read in (e.g. {@code UTC}, {@code Europe/Paris})
 * @param days the days of the week the window opens on; empty for every day
 */
public record TimeWindow(int startHour, int endHour, ZoneId timezone, Set<DayOfWeek> days) {

  /** The zone used when none is given. */
  public static final ZoneId DEFAULT_TIMEZONE = ZoneOffset.UTC;

  /**
   * Validates the hours and copies the days.
   *
   * @throws InvalidEndpointException naming the {@code time_window} key at fault
   */
  public TimeWindow {
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(days, "days");
    if (startHour < 0 || startHour > 23) {
      throw new InvalidEndpointException(
          "filters.time_window.start_hour",
          "time_window start_hour must be 0 to 23, got " + startHour);
    }
    if (endHour < 0 || endHour > 24) {
      throw new InvalidEndpointException(
          "filters.time_window.end_hour",
          "time_window end_hour must be 0 to 24 (exclusive), got " + endHour);
    }
    if (startHour == endHour) {
      throw new InvalidEndpointException(
          "filters.time_window.end_hour",
          "time_window start_hour and end_hour are both "
              + startHour
              + "; use start_hour: 0, end_hour: 24 for the whole day");
    }
    days =
        days.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(List.copyOf(days)));
  }

  /**
   * Every day from {@code startHour} (inclusive) to {@code endHour} (exclusive) in {@code zone}.
   */
  public static TimeWindow of(int startHour, int endHour, ZoneId zone) {
    return new TimeWindow(startHour, endHour, zone, Set.of());
  }

  /** Every day from {@code startHour} to {@code endHour} in UTC. */
  public static TimeWindow of(int startHour, int endHour) {
    return of(startHour, endHour, DEFAULT_TIMEZONE);
  }

  /** The same hours, opening only on {@code days}. */
  public TimeWindow onDays(DayOfWeek... days) {
    return new TimeWindow(startHour, endHour, timezone, Set.of(days));
  }

  /** True when the window wraps midnight ({@code start_hour > end_hour}). */
  public boolean wrapsMidnight() {
    return startHour > endHour;
  }

  /** True when {@code instant} falls inside the window. */
  public boolean contains(Instant instant) {
    ZonedDateTime local = instant.atZone(timezone);
    int hour = local.getHour();
    boolean inHours;
    DayOfWeek openedOn = local.getDayOfWeek();
    if (wrapsMidnight()) {
      inHours = hour >= startHour || hour < endHour;
      if (hour < endHour) {
        openedOn = openedOn.minus(1); // the early-morning part belongs to yesterday's window
      }
    } else {
      inHours = hour >= startHour && hour < endHour;
    }
    return inHours && (days.isEmpty() || days.contains(openedOn));
  }

  @Override
  public String toString() {
    return String.format("%02d:00-%02d:00 %s", startHour, endHour, timezone)
        + (days.isEmpty() ? "" : " on " + days);
  }
}
