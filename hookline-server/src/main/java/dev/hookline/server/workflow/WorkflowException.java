package dev.hookline.server.workflow;

import dev.hookline.HooklineException;

/** A workflow definition that cannot be used; the message names the key path and the fix. */
public class WorkflowException extends HooklineException {
  private static final long serialVersionUID = 1L;

  /** With a message naming the workflow, the key and the fix. */
  public WorkflowException(String message) {
    super(message);
  }
}
