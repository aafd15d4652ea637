package dev.hookline.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU one request cost in a measured run (see {@link CpuMeter}): in all, and by part.
 *
 * @param total microseconds of CPU per request, the tool's process and any helper process (wrk)
 * @param parts microseconds per request by part ({@code client}, {@code sink}, {@code store}, ...),
 *     in a stable order
 */
public record CpuUse(double total, Map<String, Double> parts) {
  /** Copies {@code parts}, keeping its order. */
  public CpuUse {
    parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
  }

  /** The parts of half a microsecond or more, e.g. {@code client 33 · sink 15 · jvm+other 2}. */
  public String breakdown() {
    return parts.entrySet().stream()
        .filter(e -> e.getValue() >= 0.5)
        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(" · "));
  }
}
