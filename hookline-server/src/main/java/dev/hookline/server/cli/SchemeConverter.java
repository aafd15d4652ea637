package dev.hookline.server.cli;

import dev.hookline.signature.SignatureScheme;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine;

/**
 * Reads {@code --scheme} by its contract name ({@code standard-ed25519}, not the enum constant).
 */
final class SchemeConverter
    implements CommandLine.ITypeConverter<SignatureScheme>, Iterable<String> {
  @Override
  public SignatureScheme convert(String value) {
    try {
      return SignatureScheme.fromName(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  /** The completion candidates shown in {@code --help}. */
  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(SignatureScheme.values())
        .filter(s -> s != SignatureScheme.NONE)
        .map(SignatureScheme::contractName)
        .iterator();
  }
}
