package dev.hookline.template;

import dev.hookline.HooklineException;

/**
 * A template that cannot be created or cannot be rendered for an event.
 *
 * <p>At creation ({@link Template#of}, {@link Template#parse}, {@link Template#text}): a document
 * that is neither JSON nor YAML, an unclosed <code>'&#123;'</code>, a stray <code>'&#125;'</code>,
 * an empty {@code {}}, an invalid path or a bad format spec. The message names where in the
 * template the string is (such as {@code blocks.0.text.text}) and the character at fault.
 *
 * <p>At rendering ({@link Template#render} and friends): a placeholder whose path has no value in
 * the event, or a value its format spec cannot format (text for {@code .2f}). The message names the
 * placeholder, where it is in the template, the path and the event (type and id), so it can be
 * reported on the delivery as it is.
 */
public final class TemplateException extends HooklineException {
  TemplateException(String message) {
    super(message);
  }

  TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
