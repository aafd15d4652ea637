package dev.hookline.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.internal.Ulid;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Something that happened, as Hookline routes and delivers it (DESIGN §2).
 *
 * <p>{@code data} and {@code metadata} are JSON objects held as deep-immutable maps whose values
 * are {@code String}, {@code Long}, {@code Double}, {@code BigInteger}, {@code BigDecimal}, {@code
 * Boolean}, {@code null}, {@code List} or {@code Map}; integers of any Java type are widened to
 * {@code Long}. Optional fields are {@link Optional}s; absent tags and metadata are empty.
 *
 * <p>Instances are immutable and thread-safe. The canonical constructor validates every field and
 * throws {@link InvalidEventException} naming the field at fault.
 *
 * @param id unique id; the producer's own for idempotency, or a generated sortable {@code evt_}
 *     ULID. Letters, digits, {@code _ - :}; at most 255 characters; never a {@code .}
 * @param type dotted or snake name such as {@code prediction} or {@code github.pull_request.opened}
 * @param timestamp when it happened (UTC), millisecond precision, between {@link #MIN_TIMESTAMP}
 *     and {@link #MAX_TIMESTAMP}
 * @param data the payload, a JSON object
 * @param source who produced it
 * @param subject what it is about (also the PagerDuty dedup key)
 * @param severity how serious it is
 * @param tags free-form labels
 * @param userId the user it concerns
 * @param platform the platform it came from (telegram, discord, web...)
 * @param metadata anything else, a JSON object
 */
public record Event(
    String id,
    String type,
    Instant timestamp,
    Map<String, Object> data,
    Optional<String> source,
    Optional<String> subject,
    Optional<Severity> severity,
    List<String> tags,
    Optional<String> userId,
    Optional<String> platform,
    Map<String, Object> metadata) {

  /** Longest accepted id, type, source, subject, user id or platform. */
  public static final int MAX_NAME_LENGTH = 255;

  /**
   * The earliest timestamp, the start of year 0001 (RFC 3339's range; earlier years overflow the
   * stores' epoch milliseconds or print with a sign).
   */
  public static final Instant MIN_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest timestamp, the last millisecond of year 9999. */
  public static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999Z");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_:\\-]{1,255}");
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_:\\-]+(\\.[A-Za-z0-9_:\\-]+)*");

  /** Validates every field and makes deep immutable copies of the collections. */
  public Event {
    requireField(id, "id");
    requireField(type, "type");
    requireField(timestamp, "timestamp");
    requireField(data, "data");
    requireField(source, "source");
    requireField(subject, "subject");
    requireField(severity, "severity");
    requireField(tags, "tags");
    requireField(userId, "userId");
    requireField(platform, "platform");
    requireField(metadata, "metadata");
    if (!ID.matcher(id).matches()) {
      throw new InvalidEventException(
          "id",
          id.indexOf('.') >= 0
              ? "event id '" + id + "' must not contain '.' (use letters, digits, '_', '-', ':')"
              : "event id '"
                  + truncate(id)
                  + "' is invalid: use 1 to 255 letters, digits, '_', '-' or ':'");
    }
    if (type.length() > MAX_NAME_LENGTH || !TYPE.matcher(type).matches()) {
      throw new InvalidEventException(
          "type",
          "event type '"
              + truncate(type)
              + "' is invalid: use dot-separated names of letters, digits, '_', '-' or ':'"
              + " (e.g. prediction, github.pull_request.opened), at most 255 characters");
    }
    timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
    if (!inRange(timestamp)) {
      throw new InvalidEventException(
          "timestamp", "event timestamp " + timestamp + " is outside years 0001 to 9999");
    }
    data = JsonValues.immutableObject(data, "data");
    metadata = JsonValues.immutableObject(metadata, "metadata");
    tags = List.copyOf(tags);
    checkLength(source, "source");
    checkLength(subject, "subject");
    checkLength(userId, "user_id");
    checkLength(platform, "platform");
  }

  /** Starts an event of {@code type}; the id and timestamp are generated unless set. */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** An event of {@code type} with {@code data}, a generated id and the current time. */
  public static Event of(String type, Map<String, ?> data) {
    return builder(type).data(data).build();
  }

  /** A new sortable event id: {@code evt_} followed by a monotonic ULID. Thread-safe. */
  public static String newId() {
    return Ulid.next("evt_", Clock.systemUTC());
  }

  /** A new sortable id with another prefix, such as {@code dlv_} or {@code msg_}. Thread-safe. */
  public static String newId(String prefix) {
    return Ulid.next(prefix, Clock.systemUTC());
  }

  /**
   * Parses the contract's JSON form (DESIGN §2). {@code timestamp} may be an ISO-8601 string or
   * Unix seconds; {@code id} and {@code timestamp} are generated when absent.
   *
   * @throws InvalidEventException naming the field when the JSON is malformed or breaks the
   *     contract
   */
  public static Event fromJson(String json) {
    return EventJson.parse(json.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
  }

  /** Like {@link #fromJson(String)}, from UTF-8 bytes. */
  public static Event fromJson(byte[] json) {
    return EventJson.parse(json, Clock.systemUTC());
  }

  /**
   * Like {@link #fromJson(String)}, from a JSON tree already parsed (a server reading an array of
   * events parses the body once); a tree with {@code specversion} is read as a CloudEvent.
   *
   * @throws InvalidEventException naming the field, or when {@code json} is not an object
   */
  public static Event fromJson(JsonNode json) {
    if (!(json instanceof ObjectNode object)) {
      throw new InvalidEventException(
          "", "event must be a JSON object, got " + EventJson.kind(json));
    }
    return object.has("specversion")
        ? CloudEvents.fromTree(object, Clock.systemUTC())
        : EventJson.fromTree(object, Clock.systemUTC());
  }

  /**
   * Parses a CloudEvents 1.0 JSON event (structured mode): {@code time} becomes the timestamp,
   * {@code severity}, {@code platform}, {@code userid} and {@code tags} (comma separated)
   * extensions become those fields, other extensions go into metadata.
   *
   * @throws InvalidEventException naming the attribute when it breaks the CloudEvents or Hookline
   *     contract
   */
  public static Event fromCloudEvent(String json) {
    return CloudEvents.parse(json.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
  }

  /** Like {@link #fromCloudEvent(String)}, from UTF-8 bytes. */
  public static Event fromCloudEvent(byte[] json) {
    return CloudEvents.parse(json, Clock.systemUTC());
  }

  /** This event in the contract's JSON form, the body of a {@code raw} delivery. */
  public String toJson() {
    return new String(EventJson.write(this), StandardCharsets.UTF_8);
  }

  /** Like {@link #toJson()}, as UTF-8 bytes. */
  public byte[] toJsonBytes() {
    return EventJson.write(this);
  }

  /** This event as CloudEvents 1.0 structured JSON; the inverse of {@link #fromCloudEvent}. */
  public String toCloudEvent() {
    return new String(CloudEvents.write(this), StandardCharsets.UTF_8);
  }

  /** The severity, or {@link Severity#INFO} when the event has none (as filters judge it). */
  public Severity severityOrInfo() {
    return severity.orElse(Severity.INFO);
  }

  /**
   * Looks up a dotted path (DESIGN §3). A path whose first segment is an event field ({@code id,
   * type, timestamp, source, subject, severity, tags, user_id, platform, data, metadata}) starts at
   * the event, falling back to {@code data} when the event lacks that field; any other path is
   * looked up inside {@code data}, so {@code error.message} means {@code data.error.message}.
   * Numeric segments index into lists. The timestamp reads as an ISO-8601 string and the severity
   * as its contract name.
   *
   * @return the value, or empty when any segment is missing (a JSON {@code null} is present and
   *     reads as {@code Optional.empty()} too)
   */
  public Optional<Object> valueAt(String path) {
    return Optional.ofNullable(EventPaths.resolve(this, path));
  }

  /** A builder initialised with this event's fields. */
  public Builder toBuilder() {
    Builder b =
        new Builder(type).id(id).timestamp(timestamp).data(data).tags(tags).metadata(metadata);
    source.ifPresent(b::source);
    subject.ifPresent(b::subject);
    severity.ifPresent(b::severity);
    userId.ifPresent(b::userId);
    platform.ifPresent(b::platform);
    return b;
  }

  /** Whether {@code t} lies between {@link #MIN_TIMESTAMP} and {@link #MAX_TIMESTAMP}. */
  public static boolean inRange(Instant t) {
    return !t.isBefore(MIN_TIMESTAMP) && !t.isAfter(MAX_TIMESTAMP);
  }

  private static void requireField(Object value, String field) {
    if (value == null) {
      throw new InvalidEventException(field, "event field '" + field + "' is required");
    }
  }

  private static void checkLength(Optional<String> value, String field) {
    if (value.isPresent() && (value.get().isEmpty() || value.get().length() > MAX_NAME_LENGTH)) {
      throw new InvalidEventException(
          field, "event field '" + field + "' must be 1 to 255 characters when given");
    }
  }

  private static String truncate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** Builds an {@link Event}. Not thread-safe; {@link #build()} validates. */
  public static final class Builder {
    private final String type;
    private String id;
    private Instant timestamp;
    private Clock clock = Clock.systemUTC();
    private Map<String, Object> data = new LinkedHashMap<>();
    private String source;
    private String subject;
    private Severity severity;
    private List<String> tags = new ArrayList<>();
    private String userId;
    private String platform;
    private Map<String, Object> metadata = new LinkedHashMap<>();

    private Builder(String type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /** Sets the id (for idempotency); a sortable {@code evt_} id is generated otherwise. */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Sets when the event happened; the builder's clock gives it otherwise. */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
      return this;
    }

    /** The clock for the default timestamp and id (tests inject a fixed one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Replaces the payload with a copy of {@code data}. */
    public Builder data(Map<String, ?> data) {
      this.data = new LinkedHashMap<>(Objects.requireNonNull(data, "data"));
      return this;
    }

    /** Puts one payload entry; {@code value} may be any JSON-like value, or null. */
    public Builder put(String key, Object value) {
      data.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    /** Sets who produced the event. */
    public Builder source(String source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Sets what the event is about. */
    public Builder subject(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    /** Sets the severity. */
    public Builder severity(Severity severity) {
      this.severity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /** Replaces the tags. */
    public Builder tags(List<String> tags) {
      this.tags = new ArrayList<>(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /** Adds tags. */
    public Builder tag(String... tags) {
      this.tags.addAll(List.of(tags));
      return this;
    }

    /** Sets the user the event concerns. */
    public Builder userId(String userId) {
      this.userId = Objects.requireNonNull(userId, "userId");
      return this;
    }

    /** Sets the platform the event came from. */
    public Builder platform(String platform) {
      this.platform = Objects.requireNonNull(platform, "platform");
      return this;
    }

    /** Replaces the metadata with a copy. */
    public Builder metadata(Map<String, ?> metadata) {
      this.metadata = new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata"));
      return this;
    }

    /**
     * Builds the event.
     *
     * @throws InvalidEventException naming the field when one breaks the contract
     */
    public Event build() {
      return new Event(
          id != null ? id : Ulid.next("evt_", clock),
          type,
          timestamp != null ? timestamp : clock.instant(),
          data,
          Optional.ofNullable(source),
          Optional.ofNullable(subject),
          Optional.ofNullable(severity),
          tags,
          Optional.ofNullable(userId),
          Optional.ofNullable(platform),
          metadata);
    }
  }
}
