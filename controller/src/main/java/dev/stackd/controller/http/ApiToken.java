package dev.stackd.controller.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token every {@code /api/} request must carry. Created once, random, in {@code <data-dir>/token}
 * (mode 0600), and reused by later starts and by the CLI on the same host.
 */
public final class ApiToken {
    public static final String FILE_NAME = "token";
    private static final int BYTES = 32;

    private final byte[] expected;

    private ApiToken(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    public static ApiToken of(String token) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the API token must not be blank");
        return new ApiToken(token);
    }

    /** Reads the token in {@code dataDir}, writing a new random one first when there is none. */
    public static ApiToken loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) create(file);
            return of(Files.readString(file, StandardCharsets.UTF_8).strip());
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

    private static void create(Path file) throws IOException {
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
            // another stackd wrote it first: use theirs
        }
    }
}
