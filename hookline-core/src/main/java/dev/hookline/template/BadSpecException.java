package dev.hookline.template;

/**
 * A format spec that does not parse, or a value it cannot format. Carries only the reason; the
 * caller knows the placeholder and its place and wraps it in a {@link TemplateException}.
 */
final class BadSpecException extends RuntimeException {
  BadSpecException(String reason) {
    super(reason, null, false, false);
  }
}
