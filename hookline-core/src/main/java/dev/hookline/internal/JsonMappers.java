package dev.hookline.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON mappers Hookline's modules share, built once: {@link #STRICT} for what comes from
 * outside (events, endpoint and workflow definitions, inbound bodies), {@link #STORED} for what
 * Hookline wrote itself. Both read with {@link #READ_CONSTRAINTS}, so whatever was written can be
 * read back. Thread-safe; never reconfigure them.
 *
 * <p>Not API: {@code dev.hookline.internal} is shared by Hookline's own modules and may change in
 * any release.
 */
public final class JsonMappers {
  /**
   * The read constraints for JSON that Hookline stored or will store: no limit on the length of
   * names or strings (the writer has none), Jackson's default number length, and the writer's
   * nesting depth.
   */
  public static final StreamReadConstraints READ_CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNameLength(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNumberLength(StreamReadConstraints.DEFAULT_MAX_NUM_LEN)
          .maxNestingDepth(StreamWriteConstraints.DEFAULT_MAX_DEPTH)
          .build();

  /**
   * For input: a duplicate key or anything after the value is an error (two parsers must never read
   * one body two ways); surrogate pairs are written as one UTF-8 character.
   */
  public static final ObjectMapper STRICT =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(READ_CONSTRAINTS).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  /** For JSON Hookline wrote itself (stored rows, its own answers). */
  public static final ObjectMapper STORED =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(READ_CONSTRAINTS).build())
          .build();

  private JsonMappers() {}
}
