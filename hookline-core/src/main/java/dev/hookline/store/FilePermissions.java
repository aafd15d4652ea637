package dev.hookline.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private static FileAttribute<?>[] attributes(Path dir) {
    return posix(dir)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path p) {
    return Files.getFileAttributeView(p, PosixFileAttributeView.class) != null;
  }
}
