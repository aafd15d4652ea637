package dev.hookline.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.event.Event;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateParseTest {
  private static final Event EVENT =
      Event.builder("deploy").id("evt_parse").put("service", "user-api").put("n", 3).build();

  @Test
  void jsonDocumentKeepsJsonSemantics() {
    Template template =
        Template.parse(
            "{\"exp\": 1e3, \"slash\": \"a\\/b\", \"big\": 12345678901234567890,"
                + " \"yes\": \"yes\", \"s\": \"{service}\"}");

    Object rendered = template.render(EVENT);

    assertThat(rendered)
        .isEqualTo(
            Map.of(
                "exp", 1000.0,
                "slash", "a/b",
                "big", new BigInteger("12345678901234567890"),
                "yes", "yes",
                "s", "user-api"));
  }

  @Test
  void yamlDocumentIsParsedAsYaml() {
    Template template =
        Template.parse(
            """
            # a Teams-like card
            title: "Deployed {service}"
            count: "{n}"
            facts:
              - name: service
                value: "{service}"
              - name: replicas
                value: 3
            enabled: true
            """);

    Object rendered = template.render(EVENT);

    assertThat(rendered)
        .isEqualTo(
            Map.of(
                "title",
                "Deployed user-api",
                "count",
                3L,
                "facts",
                List.of(
                    Map.of("name", "service", "value", "user-api"),
                    Map.of("name", "replicas", "value", 3L)),
                "enabled",
                true));
  }

  @Test
  void yamlFlowMappingThatIsNotJsonIsParsedAsYaml() {
    Template template = Template.parse("{text: \"{service} is up\", retries: 2}");

    Object rendered = template.render(EVENT);

    assertThat(rendered).isEqualTo(Map.of("text", "user-api is up", "retries", 2L));
  }

  @Test
  void jsonArrayDocumentIsATreeTemplate() {
    Template template = Template.parse("[\"{service}\", \"{n}\", \"{n:03d}\"]");

    Object rendered = template.render(EVENT);

    assertThat(rendered).isEqualTo(List.of("user-api", 3L, "003"));
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThatThrownBy(() -> Template.parse("{\"a\": \"x\", \"a\": \"y\"}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("Duplicate field 'a'");
    assertThatThrownBy(() -> Template.parse("a: x\na: y\n"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void documentThatIsNeitherJsonNorYamlFailsWithLineAndColumn() {
    assertThatThrownBy(() -> Template.parse("{\"text\": \"a\",\n \"b\": [1, 2}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("template is not valid JSON: ")
        .hasMessageContaining("(line 2, column ")
        .hasMessageContaining("; nor valid YAML: ");
    assertThatThrownBy(() -> Template.parse("text: [unclosed\n"))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("template is not valid YAML: ")
        .hasMessageContaining("(line ");
  }

  @Test
  void emptyDocumentIsRefused() {
    assertThatThrownBy(() -> Template.parse("  \n"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template document is empty");
    assertThatThrownBy(() -> Template.parse("# only a comment\n"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template document is empty");
    assertThatThrownBy(() -> Template.parse("~"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template document is null; write an object, a list or a string");
  }

  @Test
  void malformedStringInADocumentNamesItsLocation() {
    assertThatThrownBy(
            () ->
                Template.parse(
                    """
                    attachments:
                      - fields:
                          - value: "{service"
                    """))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith(
            "template string at attachments.0.fields.0.value: unclosed '{' at character 1");
  }
}
