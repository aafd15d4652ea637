package dev.hookline.server.cli;

import dev.hookline.Hookline;
import picocli.CommandLine;

/** {@code hookline --version}: the version in Hookline's User-Agent. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"hookline " + Hookline.VERSION};
  }
}
