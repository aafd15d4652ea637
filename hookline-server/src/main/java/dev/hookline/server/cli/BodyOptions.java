package dev.hookline.server.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --body TEXT | --body-file FILE}: the exact body bytes that are signed or verified. Used as
 * an exclusive, required {@code @ArgGroup}, so giving both or neither is a usage error.
 */
final class BodyOptions {
  @Option(
      names = "--body",
      paramLabel = "TEXT",
      required = true,
      description = "The body, as text (sent as its UTF-8 bytes).")
  String text;

  @Option(
      names = "--body-file",
      paramLabel = "FILE",
      required = true,
      description = "A file holding the exact body bytes; '-' reads standard input.")
  Path file;

  /**
   * The body bytes.
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  byte[] bytes() {
    if (text != null) {
      return text.getBytes(UTF_8);
    }
    try {
      return file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("cannot read body file " + file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read body file " + file + ": " + e.getMessage(), e);
    }
  }
}
