package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The services' official schemas, vendored under {@code src/test/resources/schemas} (see its README
 * for origin and version), validated with networknt's json-schema-validator.
 */
final class ServiceSchemas {
  /** Atlassian Document Format, {@code @atlaskit/adf-schema} {@code full.json} (draft-04). */
  static final Schema ADF =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
          .getSchema(read("adf-full-v1.json"), InputFormat.JSON);

  private static final JsonNode GITHUB = tree(read("github-openapi-operations.json"));

  private ServiceSchemas() {}

  /** GitHub's operation ({@code issues/create}...) as published in its OpenAPI description. */
  static JsonNode githubOperation(String operationId) {
    JsonNode op = GITHUB.path("operations").path(operationId);
    if (op.isMissingNode()) {
      throw new IllegalArgumentException("no GitHub operation " + operationId);
    }
    return op;
  }

  /** The request-body schema of a GitHub operation, as an OpenAPI 3.0 schema. */
  static Schema githubRequest(String operationId) {
    return SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30())
        .getSchema(githubOperation(operationId).path("requestSchema").toString(), InputFormat.JSON);
  }

  /** The schema's complaints about {@code json}; empty when it is valid. */
  static List<String> errors(Schema schema, JsonNode json) {
    List<Error> errors = schema.validate(json.toString(), InputFormat.JSON);
    return errors.stream().map(Error::toString).toList();
  }

  private static String read(String name) {
    try (InputStream in = ServiceSchemas.class.getResourceAsStream("/schemas/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /schemas/" + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode tree(String json) {
    try {
      return FormatFixture.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
