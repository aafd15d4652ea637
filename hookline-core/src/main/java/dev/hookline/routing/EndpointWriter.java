package dev.hookline.routing;

import static dev.hookline.routing.EndpointFields.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.template.Template;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Locale;
import java.util.TreeSet;

/** Writing an endpoint as JSON, the shape {@link EndpointReader} reads back. */
final class EndpointWriter {
  private EndpointWriter() {}

  static JsonNode writeTemplate(Template t) {
    if (t.isText()) {
      return NODES.textNode(t.toString());
    }
    try {
      return MAPPER.readTree(t.toString());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree template's source is JSON Jackson wrote
    }
  }

  static ObjectNode writeFilters(Filters f) {
    ObjectNode o = NODES.objectNode();
    if (!f.platforms().isEmpty()) {
      ArrayNode a = o.putArray("platforms");
      f.platforms().forEach(a::add);
    }
    if (!f.users().isEmpty()) {
      ArrayNode a = o.putArray("users");
      f.users().forEach(a::add);
    }
    f.minSeverity().ifPresent(s -> o.put("min_severity", s.wireName()));
    if (!f.contentFilters().isEmpty()) {
      ArrayNode a = o.putArray("content_filters");
      for (ContentFilter c : f.contentFilters()) {
        ObjectNode cn = a.addObject();
        cn.put("type", c.type().wireName());
        cn.put("field", c.field());
        cn.set(c.type() == ContentFilter.Type.REGEX ? "pattern" : "value", toNode(c.value()));
      }
    }
    f.timeWindow()
        .ifPresent(
            w -> {
              ObjectNode wn = o.putObject("time_window");
              wn.put("start_hour", w.startHour());
              wn.put("end_hour", w.endHour());
              wn.put(
                  "timezone", w.timezone().equals(ZoneOffset.UTC) ? "UTC" : w.timezone().getId());
              if (!w.days().isEmpty()) {
                ArrayNode days = wn.putArray("days");
                w.days().forEach(d -> days.add(d.name().toLowerCase(Locale.ROOT)));
              }
            });
    return o;
  }

  static ObjectNode writeSignature(SignatureConfig s) {
    ObjectNode o = NODES.objectNode();
    o.put("scheme", s.scheme().contractName());
    if (s.secrets().size() == 1) {
      o.put("secret", s.secrets().get(0));
    } else if (!s.secrets().isEmpty()) {
      ArrayNode a = o.putArray("secret");
      s.secrets().forEach(a::add);
    }
    SignatureConfig defaults = SignatureConfig.of(s.scheme(), s.secrets());
    if (!s.header().equals(defaults.header())) {
      o.put("header", s.header());
    }
    if (!s.prefix().equals(defaults.prefix())) {
      o.put("prefix", s.prefix());
    }
    if (!s.tolerance().equals(defaults.tolerance())) {
      o.put("tolerance", Durations.format(s.tolerance()));
    }
    return o;
  }

  static ObjectNode writeRetryPolicy(RetryPolicy r) {
    ObjectNode o = NODES.objectNode();
    o.put("max_attempts", r.maxAttempts());
    if (!r.schedule().isEmpty()) {
      ArrayNode a = o.putArray("schedule");
      r.schedule().forEach(d -> a.add(Durations.format(d)));
    } else {
      o.put("initial_delay", Durations.format(r.initialDelay()));
      o.put("backoff_multiplier", r.backoffMultiplier());
      o.put("max_delay", Durations.format(r.maxDelay()));
    }
    o.put("jitter", r.jitter());
    ArrayNode statuses = o.putArray("retry_on_status");
    TreeSet<Integer> left = new TreeSet<>(r.retryOnStatus());
    for (int hundred = 300; hundred <= 500; hundred += 100) {
      boolean whole = true;
      for (int s = hundred; s < hundred + 100 && whole; s++) {
        whole = left.contains(s);
      }
      if (whole) {
        left.subSet(hundred, hundred + 100).clear();
        left.add(-hundred); // placeholder, written in order below
      }
    }
    for (int s : left.stream().sorted(Comparator.comparingInt(Math::abs)).toList()) {
      if (s < 0) {
        statuses.add(-s / 100 + "xx");
      } else {
        statuses.add(s);
      }
    }
    return o;
  }

  static ObjectNode writeRateLimit(RateLimit r) {
    ObjectNode o = NODES.objectNode();
    r.maxRequestsPerMinute().ifPresent(n -> o.put("max_requests_per_minute", n));
    r.maxRequestsPerHour().ifPresent(n -> o.put("max_requests_per_hour", n));
    return o;
  }

  static JsonNode toNode(Object value) {
    return MAPPER.valueToTree(value);
  }
}
