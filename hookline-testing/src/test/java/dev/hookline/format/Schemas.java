package dev.hookline.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** JSON schemas kept in src/test/resources (each directory's README says where they come from). */
final class Schemas {
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  /**
   * Draft-06, reading {@code id} (the draft-04 spelling of {@code $id} that Microsoft's Adaptive
   * Card schema still uses at its root) as an annotation rather than refusing the schema.
   */
  private static final SchemaRegistry DRAFT_6 =
      SchemaRegistry.withDefaultDialect(
          Dialect.builder(Dialects.getDraft6()).keyword(new AnnotationKeyword("id")).build());

  private Schemas() {}

  /** The schema document at this resource path, as a tree. */
  static ObjectNode tree(String resource) {
    try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("no test resource " + resource);
      }
      return (ObjectNode) FormatFixture.JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Schema compile(JsonNode schema) {
    SchemaRegistry registry =
        schema.path("$schema").asText().contains("draft-06") ? DRAFT_6 : REGISTRY;
    return registry.getSchema(schema.toString(), InputFormat.JSON);
  }

  /** Fails with the validator's messages unless {@code instance} is valid. */
  static void assertValid(Schema schema, JsonNode instance) {
    List<Error> errors = schema.validate(instance.toString(), InputFormat.JSON);
    assertThat(errors).as("schema errors for %s", instance).isEmpty();
  }

  /** The validator's messages for {@code instance}. */
  static List<String> errors(Schema schema, JsonNode instance) {
    return schema.validate(instance.toString(), InputFormat.JSON).stream()
        .map(Error::toString)
        .toList();
  }
}
