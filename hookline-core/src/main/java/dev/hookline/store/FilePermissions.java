package dev.hookline.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only files ({@code 0600}) for what holds secrets: the SQLite database, its {@code -wal} and
 * {@code -shm}, and key files. Where the file system has no POSIX permissions this does nothing.
 */
final class FilePermissions {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private FilePermissions() {}

  /** Creates {@code file} empty and owner-only unless it exists; then makes it owner-only. */
  static void createPrivate(Path file) throws IOException {
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, attributes(file.getParent()));
      } catch (FileAlreadyExistsException raced) {
        // Created meanwhile by another process: restricted below.
      }
    }
    restrict(file);
  }

  /** A new owner-only temporary file in {@code dir}, named after {@code name}. */
  static Path createPrivateTempFile(Path dir, Path name) throws IOException {
    return Files.createTempFile(dir, "." + name, ".tmp", attributes(dir));
  }

  /** Makes {@code file} owner-only when it exists and the file system knows POSIX permissions. */
  static void restrict(Path file) throws IOException {
    if (Files.exists(file) && posix(file)) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
  }

  /** Whether {@code file} is owner-only; true where the file system has no POSIX permissions. */
  static boolean ownerOnly(Path file) throws IOException {
    return !posix(file) || Files.getPosixFilePermissions(file).equals(OWNER_ONLY);
  }

  /** Writes {@code text} into the existing {@code file} and forces it to the disk. */
  static void writeDurably(Path file, String text) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
  }

  /**
   * Forces {@code dir}'s entries to the disk, so that a file just created, linked or renamed in it
   * survives a power cut. Does nothing where a directory cannot be opened (Windows).
   */
  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can sync a directory; the file's own data is already forced.
    }
  }

  private static FileAttribute<?>[] attributes(Path dir) {
    return posix(dir)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path p) {
    return Files.getFileAttributeView(p, PosixFileAttributeView.class) != null;
  }
}
