package dev.stackd.controller.http;

import dev.stackd.controller.store.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token every {@code /api/} request must carry. Created once, random, in {@code <data-dir>/token}
 * (mode 0600), and reused by later starts and by the CLI on the same host. Whoever holds it can start a privileged
 * container, so it is root on this host: a token shorter than 32 bytes is refused, and the file is kept private
 * like the rest of the data dir ({@link PrivateFiles}).
 */
public final class ApiToken {
    public static final String FILE_NAME = "token";
    private static final int BYTES = 32;
    /** Guessing a 32-byte token is out of reach; a short one (a word, a PIN) is not. */
    public static final int MIN_BYTES = 32;
    private static final String MAKE_ONE = "head -c 32 /dev/urandom | base64";

    private final byte[] expected;

    private ApiToken(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    public static ApiToken of(String token) {
        int length = length(token);
        if (length < MIN_BYTES) {
            throw new IllegalArgumentException("the API token is " + length + " bytes long; stackd needs at least "
                    + MIN_BYTES + ". Make one with: " + MAKE_ONE);
        }
        return new ApiToken(token);
    }

    /**
     * Reads the token in {@code dataDir}, writing a new random one first when there is none. A file readable by
     * others is narrowed to 0600 (with a warning); one of another user, or a token under 32 bytes, is refused.
     */
    public static ApiToken loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            var files = PrivateFiles.ofThisProcess();
            files.directory(dataDir);
            if (!Files.exists(file)) create(files, file);
            files.file(file);
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (length(token) < MIN_BYTES) {
                throw new IllegalArgumentException("the API token in " + file + " is " + length(token)
                        + " bytes long; stackd needs at least " + MIN_BYTES + ". Delete the file and start stackd"
                        + " again to get a new random one, or write your own: " + MAKE_ONE + " > " + file);
            }
            return of(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API token " + file + ": " + e.getMessage(), e);
        }
    }

    /** The token in {@code dataDir}, for the CLI; null when there is none. */
    public static String read(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            return Files.isReadable(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    public String value() {
        return new String(expected, StandardCharsets.UTF_8);
    }

    /** Whether an {@code Authorization} header carries this token; constant time in the token's content. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) return false;
        byte[] given = authorizationHeader.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }

    private static int length(String token) {
        return token == null ? 0 : token.strip().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Written beside the file (0600 before a byte is in it) and moved in: never a half-written token. */
    private static void create(PrivateFiles files, Path file) throws IOException {
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path next = file.resolveSibling(FILE_NAME + ".new");
        files.file(next);
        Files.writeString(next, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
