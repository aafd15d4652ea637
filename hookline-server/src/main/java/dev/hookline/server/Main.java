package dev.hookline.server;

/** The {@code hookline} command line entry point. */
public final class Main {
  private Main() {}

  /** Runs the command line. */
  public static void main(String[] args) {
    System.out.println("hookline " + String.join(" ", args));
  }
}
