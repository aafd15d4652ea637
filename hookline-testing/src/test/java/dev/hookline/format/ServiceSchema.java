package dev.hookline.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A service's request schema from src/test/resources/schemas (each file says where it comes from),
 * checked with networknt's JSON Schema validator (draft 2020-12).
 */
final class ServiceSchema {
  private final Schema schema;

  private ServiceSchema(Schema schema) {
    this.schema = schema;
  }

  /** The whole document at {@code resource} is the schema. */
  static ServiceSchema of(String resource) {
    return new ServiceSchema(registry().getSchema(read(resource)));
  }

  /** The schema is the definition {@code $defs/<def>} of the document at {@code resource}. */
  static ServiceSchema of(String resource, String def) {
    try {
      ObjectNode doc = (ObjectNode) FormatFixture.JSON.readTree(read(resource));
      doc.put("$ref", "#/$defs/" + def);
      return new ServiceSchema(registry().getSchema(doc.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What is wrong with {@code json}, one message per violation; empty when it conforms. */
  List<String> violations(String json) {
    return schema.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
  }

  private static SchemaRegistry registry() {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  }

  private static String read(String resource) {
    try (InputStream in = ServiceSchema.class.getResourceAsStream("/schemas/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource schemas/" + resource);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
