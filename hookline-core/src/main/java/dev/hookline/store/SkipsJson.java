package dev.hookline.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hookline.event.EventLimits;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code events.skips} column: why each endpoint that skipped an event did, as JSON. */
final class SkipsJson {
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder().streamReadConstraints(EventLimits.readConstraints()).build())
          .build();
  private static final TypeReference<LinkedHashMap<String, String>> SKIPS =
      new TypeReference<>() {};

  private SkipsJson() {}

  /** The column's value: null when nothing skipped the event. */
  static String encode(Map<String, String> skips) {
    if (skips.isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(skips);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot encode skip reasons", e);
    }
  }

  static Map<String, String> decode(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, SKIPS);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored skip reasons are not valid JSON", e);
    }
  }
}
