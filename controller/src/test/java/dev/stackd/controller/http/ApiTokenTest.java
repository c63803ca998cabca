package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.stackd.controller.store.PrivateFiles;
import dev.stackd.controller.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token is root on the host: at least 32 bytes, in a file only stackd's user can read. */
class ApiTokenTest {
    private static final String GOOD = "Zk3p9QvX2mLr7TbN4wYc8HdJ6sFa1UeG5oKi0BqWxRt";

    @TempDir
    Path dir;

    @Test
    void aTokenFileReadableByOthersIsMadePrivateWithAMessage() throws IOException {
        Path file = Files.writeString(dir.resolve(ApiToken.FILE_NAME), GOOD + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        try (var log = LogCapture.of(PrivateFiles.class)) {
            assertThat(ApiToken.loadOrCreate(dir).value()).isEqualTo(GOOD);

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(log.lines(Level.WARN)).containsExactly("WARN permissions fixed path=" + file + " mode=0600 was=0644");
        }
    }

    @Test
    void aShortTokenFileIsRefusedWithHowToMakeAGoodOne() throws IOException {
        Path file = Files.writeString(dir.resolve(ApiToken.FILE_NAME), "x\n");

        assertThatThrownBy(() -> ApiToken.loadOrCreate(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the API token in " + file + " is 1 bytes long; stackd needs at least 32."
                        + " Delete the file and start stackd again to get a new random one, or write your own:"
                        + " head -c 32 /dev/urandom | base64 > " + file);
        assertThat(Files.readString(file)).isEqualTo("x\n");
    }

    @Test
    void aShortTokenIsRefusedWhereverItComesFrom() {
        assertThatThrownBy(() -> ApiToken.of("0123456789abcdef0123456789abcde"))
                .hasMessageStartingWith("the API token is 31 bytes long; stackd needs at least 32.");
        assertThat(ApiToken.of("0123456789abcdef0123456789abcdef").value()).hasSize(32);
    }
}
