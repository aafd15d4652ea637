package dev.hookline.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload templates of the seed (webhook notifications guide), rendered exactly. */
class SeedTemplatesTest {
  private static final String PREDICTION =
      "Schema modification may break mobile app (uses old API contract)";

  /** A level 4 prediction as the seed's EmpathyOS emits it; data carries its own timestamp. */
  private static final Event EVENT =
      Event.builder("level_4_prediction")
          .id("evt_01JSEED")
          .timestamp(Instant.parse("2026-11-23T12:00:00Z"))
          .put("prediction", PREDICTION)
          .put("confidence", 0.87)
          .put("user_id", "user_123")
          .put("timestamp", "2026-11-23T11:59:58Z")
          .build();

  @Test
  void slackBlockTemplateRendersPercentConfidence() {
    Template template =
        Template.parse(
            """
            {
                "text": "🔮 *Level 4 Prediction*",
                "blocks": [
                    {
                        "type": "section",
                        "text": {
                            "type": "mrkdwn",
                            "text": "*Prediction:* {prediction}\\n*Confidence:* {confidence:.0%}\\n*User:* {user_id}"
                        }
                    }
                ]
            }""");

    byte[] json = template.renderJson(EVENT);

    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"text\":\"🔮 *Level 4 Prediction*\",\"blocks\":[{\"type\":\"section\",\"text\":"
                + "{\"type\":\"mrkdwn\",\"text\":\"*Prediction:* "
                + PREDICTION
                + "\\n*Confidence:* 87%\\n*User:* user_123\"}}]}");
  }

  @Test
  void slackBlockTemplateRendersTheSameTreeFromYaml() {
    Template json =
        Template.parse(
            """
            {"text": "🔮 *Level 4 Prediction*", "blocks": [{"type": "section", "text": {"type": "mrkdwn",
             "text": "*Prediction:* {prediction}\\n*Confidence:* {confidence:.0%}\\n*User:* {user_id}"}}]}""");
    Template yaml =
        Template.parse(
            """
            text: "🔮 *Level 4 Prediction*"
            blocks:
              - type: section
                text:
                  type: mrkdwn
                  text: "*Prediction:* {prediction}\\n*Confidence:* {confidence:.0%}\\n*User:* {user_id}"
            """);

    Object fromYaml = yaml.render(EVENT);

    assertThat(fromYaml).isEqualTo(json.render(EVENT));
    assertThat(fromYaml)
        .isEqualTo(
            Map.of(
                "text",
                "🔮 *Level 4 Prediction*",
                "blocks",
                List.of(
                    Map.of(
                        "type",
                        "section",
                        "text",
                        Map.of(
                            "type",
                            "mrkdwn",
                            "text",
                            "*Prediction:* "
                                + PREDICTION
                                + "\n*Confidence:* 87%\n*User:* user_123")))));
  }

  @Test
  void simpleSlackTemplateKeepsItsLiteralFields() {
    Template template =
        Template.parse(
            """
            {"text": "🔮 Prediction: {prediction}", "username": "Empathy Bot",
             "icon_emoji": ":crystal_ball:"}""");

    String json = template.renderString(EVENT);

    assertThat(json)
        .isEqualTo(
            "{\"text\":\"🔮 Prediction: "
                + PREDICTION
                + "\",\"username\":\"Empathy Bot\",\"icon_emoji\":\":crystal_ball:\"}");
  }

  @Test
  void datadogEventTagsCarryConfidenceAsText() {
    Template template =
        Template.parse(
            """
            {
                "title": "Empathy Level 4 Prediction",
                "text": "{prediction}",
                "priority": "normal",
                "tags": ["empathy:level4", "confidence:{confidence}", "user:{user_id}"],
                "alert_type": "info"
            }""");

    String json = template.renderString(EVENT);

    assertThat(json)
        .isEqualTo(
            "{\"title\":\"Empathy Level 4 Prediction\",\"text\":\""
                + PREDICTION
                + "\",\"priority\":\"normal\",\"tags\":[\"empathy:level4\",\"confidence:0.87\","
                + "\"user:user_123\"],\"alert_type\":\"info\"}");
  }

  @Test
  void internalApiBodyKeepsConfidenceANumberAndUsesTheEventTimestamp() {
    Template template =
        Template.parse(
            """
            {
                "event_type": "prediction",
                "data": {
                    "prediction": "{prediction}",
                    "confidence": "{confidence}",
                    "user_id": "{user_id}",
                    "timestamp": "{timestamp}"
                }
            }""");

    String json = template.renderString(EVENT);

    assertThat(json)
        .isEqualTo(
            "{\"event_type\":\"prediction\",\"data\":{\"prediction\":\""
                + PREDICTION
                + "\",\"confidence\":0.87,\"user_id\":\"user_123\","
                + "\"timestamp\":\"2026-11-23T12:00:00Z\"}}");
  }

  @Test
  void highConfidenceTemplateShowsPercentInText() {
    Template template =
        Template.parse(
            """
            {
                "text": "⚠️ *HIGH CONFIDENCE PREDICTION* ({confidence:.0%})",
                "attachments": [{
                    "color": "warning",
                    "text": "{prediction}"
                }]
            }""");

    Object rendered = template.render(EVENT);

    assertThat(rendered)
        .isEqualTo(
            Map.of(
                "text",
                "⚠️ *HIGH CONFIDENCE PREDICTION* (87%)",
                "attachments",
                List.of(Map.of("color", "warning", "text", PREDICTION))));
  }

  @Test
  void securityAndBusinessHoursTemplatesRender() {
    Template security =
        Template.parse(
            """
            {"text": "🔒 Security prediction: {prediction}", "channel": "#security-alerts"}""");
    Template businessHours =
        Template.parse("{\"text\": \"Prediction (business hours): {prediction}\"}");

    String first = security.renderString(EVENT);
    String second = businessHours.renderString(EVENT);

    assertThat(first)
        .isEqualTo(
            "{\"text\":\"🔒 Security prediction: "
                + PREDICTION
                + "\",\"channel\":\"#security-alerts\"}");
    assertThat(second).isEqualTo("{\"text\":\"Prediction (business hours): " + PREDICTION + "\"}");
  }

  @Test
  void designConfigTemplateInYamlFlowStyleRenders() {
    Template template = Template.parse("{text: \"Prediction: {prediction} ({confidence:.0%})\"}");

    String json = template.renderString(EVENT);

    assertThat(json).isEqualTo("{\"text\":\"Prediction: " + PREDICTION + " (87%)\"}");
  }
}
