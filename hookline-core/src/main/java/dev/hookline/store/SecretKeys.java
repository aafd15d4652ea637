package dev.hookline.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The AES-256 keys a store seals secrets at rest with: endpoint definitions (signing secrets,
 * credential headers, the credential options of the native formats), and the server's workflow
 * definitions, are encrypted with the current key before they reach the database; the previous keys
 * are only read, so that a key can be rotated. A key is 32 random bytes, written as base64 ({@link
 * #generate()}).
 *
 * <p>Rotation: make the new key current and give the old one as previous; when the store opens it
 * re-seals every row with the current key, after which the previous key can be dropped.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows key ids, never keys.
 */
public final class SecretKeys {
  /** The environment variable the server reads the current key from. */
  public static final String ENV_KEY = "HOOKLINE_SECRET_KEY";

  /** The environment variable the server reads previous keys from (comma separated). */
  public static final String ENV_PREVIOUS_KEYS = "HOOKLINE_SECRET_KEY_PREVIOUS";

  /** The length of a key in bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  /** What {@link #keyFileBeside} appends to a store file's name. */
  public static final String KEY_FILE_SUFFIX = ".key";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final System.Logger LOG = System.getLogger(SecretKeys.class.getName());

  // Key id -> key, the current key first.
  private final LinkedHashMap<String, byte[]> keys;

  private SecretKeys(LinkedHashMap<String, byte[]> keys) {
    this.keys = keys;
  }

  /** A new random key, as base64: what {@code hookline secrets keygen} prints. */
  public static String generate() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * Keys given as base64 text (each 32 bytes), the current one first.
   *
   * @throws StoreException when a key is not base64 of 32 bytes (the message never shows it)
   */
  public static SecretKeys of(String current, List<String> previous) {
    List<Named> named = new ArrayList<>();
    named.add(new Named(current, "the current secret key"));
    for (int i = 0; i < previous.size(); i++) {
      named.add(new Named(previous.get(i), "previous secret key #" + (i + 1)));
    }
    return build(named);
  }

  /** One key given as base64 text, with no previous keys. */
  public static SecretKeys of(String current) {
    return of(current, List.of());
  }

  /**
   * The keys in {@value #ENV_KEY} and {@value #ENV_PREVIOUS_KEYS} (comma separated) of {@code env},
   * or empty when {@value #ENV_KEY} is unset or blank.
   *
   * @throws StoreException when a key there is malformed, or previous keys are set without {@value
   *     #ENV_KEY}
   */
  public static Optional<SecretKeys> fromEnvironment(Map<String, String> env) {
    String current = env.getOrDefault(ENV_KEY, "").strip();
    List<Named> named = new ArrayList<>();
    for (String p : env.getOrDefault(ENV_PREVIOUS_KEYS, "").split(",")) {
      if (!p.isBlank()) {
        named.add(new Named(p, ENV_PREVIOUS_KEYS + " #" + (named.size() + 1)));
      }
    }
    if (current.isEmpty()) {
      if (!named.isEmpty()) {
        throw new StoreException(
            ENV_PREVIOUS_KEYS + " is set but " + ENV_KEY + " is not: set the new key there");
      }
      return Optional.empty();
    }
    named.add(0, new Named(current, ENV_KEY));
    return Optional.of(build(named));
  }

  /**
   * Reads keys from files, each holding one base64 key (surrounding white space ignored).
   *
   * @throws StoreException when a file cannot be read or does not hold a key; the message names it
   */
  public static SecretKeys fromFiles(Path current, List<Path> previous) {
    List<Named> named = new ArrayList<>();
    named.add(new Named(read(current), "key file " + current));
    for (Path p : previous) {
      named.add(new Named(read(p), "key file " + p));
    }
    interruptedRotation(current).ifPresent(named::add);
    return build(named);
  }

  /**
   * Replaces the key in {@code keyFile} with a new one, crash-safely: the new key is written (and
   * forced to disk) to {@code <file>.new} first, then {@code reseal} is given the new key as
   * current and the old one as previous — opening the store with them seals every row again — and
   * only then does {@code <file>.new} replace the file, atomically. A crash at any point leaves
   * every row readable: {@link #fromFiles} also reads a {@code <file>.new} left behind.
   *
   * @return the new keys (the new key current, no previous)
   * @throws StoreException when the key file cannot be read or written, or {@code reseal} fails
   *     (then both keys stay readable, and running it again finishes the rotation)
   */
  public static SecretKeys rotateFile(Path keyFile, Consumer<SecretKeys> reseal) {
    Path file = keyFile.toAbsolutePath();
    String oldKey = read(file).strip();
    fromFiles(file, List.of()); // checks the old key before anything is written
    Path next = rotating(file);
    Optional<Named> leftover = interruptedRotation(file);
    if (leftover.isPresent()) {
      // An earlier rotation stopped midway: rows may be sealed with its key. Seal them with the
      // current key again before that key file is replaced.
      reseal.accept(of(oldKey, List.of(leftover.get().value().strip())));
    }
    String fresh = generate();
    writeAtomically(next, fresh + "\n");
    try {
      reseal.accept(of(fresh, List.of(oldKey)));
    } catch (RuntimeException e) {
      // Rows may be sealed with the new key already (the re-seal commits before it tidies up):
      // its file stays, read beside the old key, until a rotation finishes.
      throw new StoreException(
          "the rotation stopped ("
              + e.getMessage()
              + "); both keys stay readable: run hookline secrets rotate again",
          e);
    }
    try {
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StoreException(
          "the store is sealed with the new key but "
              + next
              + " could not replace "
              + file
              + " ("
              + e
              + "); both keys stay readable: run hookline secrets rotate again",
          e);
    }
    FilePermissions.syncDirectory(file.getParent());
    return of(fresh);
  }

  /**
   * The key an interrupted rotation left in {@code <file>.new}, when there is a usable one. It is
   * read only when it is owner-only (as a rotation writes it): a key someone else could have put
   * there is refused. A file that does not hold a key cannot have sealed anything (it is written
   * whole before any row is sealed) and is ignored. Either way a warning says what to do.
   */
  private static Optional<Named> interruptedRotation(Path keyFile) {
    Path file = rotating(keyFile);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      if (!FilePermissions.ownerOnly(file)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "{0} is not owner-only (0600), so its key is not read; if it is yours, make it 0600",
            file);
        return Optional.empty();
      }
      Named named = new Named(read(file), "key file " + file + " (an interrupted rotation)");
      decode(named.value(), named.where());
      LOG.log(
          System.Logger.Level.WARNING,
          "{0} is left from a rotation that did not finish; its key is read too. Run hookline"
              + " secrets rotate again to finish",
          file);
      return Optional.of(named);
    } catch (IOException | StoreException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0} does not hold a usable key and is ignored: {1}",
          file,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** Writes {@code text} as an owner-only file that appears whole or not at all. */
  private static void writeAtomically(Path file, String text) {
    Path temp = null;
    try {
      temp = FilePermissions.createPrivateTempFile(file.getParent(), file.getFileName());
      FilePermissions.writeDurably(temp, text);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      FilePermissions.syncDirectory(file.getParent());
    } catch (IOException e) {
      throw new StoreException("cannot write the new key file " + file + ": " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // A stray temporary file holds a key nothing was sealed with.
        }
      }
    }
  }

  private static Path rotating(Path keyFile) {
    Path absolute = keyFile.toAbsolutePath();
    return absolute.resolveSibling(absolute.getFileName() + ".new");
  }

  /**
   * The key in {@code keyFile}, generated into it first when the file does not exist: created with
   * mode {@code 0600} where the file system has POSIX permissions, atomically (two processes racing
   * end with the same key).
   *
   * @throws StoreException when the file cannot be read or written, or does not hold a key
   */
  public static SecretKeys loadOrGenerate(Path keyFile) {
    if (!Files.exists(keyFile)) {
      generateInto(keyFile);
    }
    return fromFiles(keyFile, List.of());
  }

  /** Where the key of the SQLite file {@code storeFile} is kept by default: {@code <file>.key}. */
  public static Path keyFileBeside(Path storeFile) {
    Path absolute = storeFile.toAbsolutePath();
    return absolute.resolveSibling(absolute.getFileName() + KEY_FILE_SUFFIX);
  }

  /** The id of the current key: a short hash of it, stored with every sealed value. */
  public String currentKeyId() {
    return keys.keySet().iterator().next();
  }

  /** The ids of every key, the current one first. */
  public List<String> keyIds() {
    return List.copyOf(keys.keySet());
  }

  /**
   * {@code plaintext} sealed (AES-256-GCM, a random IV) with the current key for the row {@code
   * row}, whose name (e.g. {@code workflows/notify}) is bound in so that the sealed value cannot be
   * moved to another row: how the server seals the definitions it keeps beside the store's.
   * Thread-safe.
   */
  public String seal(String plaintext, String row) {
    return new Sealer(this).seal(plaintext, row);
  }

  /**
   * The plain text of {@code stored}, a value {@link #seal} made for {@code row}; a value that was
   * never sealed (written before sealing existed) is returned as it is.
   *
   * @param where the database it was read from, for messages
   * @throws StoreException when it is sealed with a key that is not among these, or does not
   *     decrypt (it was altered, or belongs to another row)
   */
  public String unseal(String stored, String row, String where) {
    return new Sealer(this).open(stored, row, where);
  }

  /**
   * Whether {@code stored} is sealed with the current key; if not, it is due to be sealed again.
   */
  public boolean sealedWithCurrentKey(String stored) {
    return new Sealer(this).isCurrent(stored);
  }

  /** The current key's bytes. */
  byte[] current() {
    return keys.get(currentKeyId());
  }

  /** The key with this id, current or previous. */
  Optional<byte[]> key(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** Key ids only, never keys. */
  @Override
  public String toString() {
    List<String> ids = keyIds();
    return "SecretKeys[current=" + ids.get(0) + ", previous=" + ids.subList(1, ids.size()) + "]";
  }

  private record Named(String value, String where) {}

  private static SecretKeys build(List<Named> named) {
    LinkedHashMap<String, byte[]> keys = new LinkedHashMap<>();
    for (Named n : named) {
      byte[] key = decode(n.value(), n.where());
      keys.putIfAbsent(keyId(key), key);
    }
    return new SecretKeys(keys);
  }

  private static byte[] decode(String value, String where) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          where + " is not base64; generate a key with: hookline secrets keygen");
    }
    if (key.length != KEY_BYTES) {
      throw new StoreException(
          where
              + " holds "
              + key.length
              + " bytes, not "
              + KEY_BYTES
              + "; generate a key with: hookline secrets keygen");
    }
    return key;
  }

  static String keyId(byte[] key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(Arrays.copyOf(hash, 4));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new StoreException("key file " + file + " does not exist");
    } catch (IOException e) {
      throw new StoreException("cannot read key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void generateInto(Path keyFile) {
    Path absolute = keyFile.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(absolute.getParent());
      temp = FilePermissions.createPrivateTempFile(absolute.getParent(), absolute.getFileName());
      FilePermissions.writeDurably(temp, generate() + "\n");
      // A hard link never replaces an existing file: of two processes racing, one key wins.
      try {
        Files.createLink(absolute, temp);
      } catch (FileAlreadyExistsException raced) {
        // The other process's key is the one both use.
      } catch (UnsupportedOperationException | FileSystemException noLinks) {
        // No hard links here (some network and FAT file systems): a move that refuses to replace.
        Files.move(temp, absolute);
        temp = null;
      }
      FilePermissions.syncDirectory(absolute.getParent());
    } catch (FileAlreadyExistsException raced) {
      // As above.
    } catch (IOException e) {
      throw new StoreException("cannot write the secret key file " + absolute + ": " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // A stray temporary file is harmless; it holds no key that is in use.
        }
      }
    }
  }
}
