package dev.stackd.controller.store;

import dev.stackd.controller.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.stackd.controller.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data dir and the store hold the specs with their environment values: only their owner may read them. */
class StorePermissionsTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));

    @Test
    void aNewStoreAndItsWriteAheadLogAreReadableByTheirOwnerOnly() throws IOException {
        Path data = dir.resolve("stackd");

        try (var store = Store.open(data, EventRetention.defaults(), clock)) {
            store.apply("demo", "{\"environment\":{\"PASSWORD\":\"hunter2\"}}", "", null);

            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("stackd.db"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("stackd.db-wal"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("stackd.db-shm"))).isEqualTo("rw-------");
        }
    }

    @Test
    void anExistingDataDirOpenToOthersIsMadePrivateWithAMessage() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (var log = LogCapture.of(PrivateFiles.class); var store = Store.open(dir, EventRetention.defaults(), clock)) {
            assertThat(mode(dir)).isEqualTo("rwx------");
            assertThat(log.lines(Level.WARN)).containsExactly(
                    "WARN permissions fixed path=" + dir + " mode=0700 was=0755");
        }
    }

    @Test
    void anExistingStoreReadableByOthersIsMadePrivateWithAMessage() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Store.open(dir, EventRetention.defaults(), clock).close();
        Path db = dir.resolve("stackd.db");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

        try (var log = LogCapture.of(PrivateFiles.class); var store = Store.open(dir, EventRetention.defaults(), clock)) {
            store.apply("demo", "{}", "", null);

            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(mode(dir.resolve("stackd.db-wal"))).isEqualTo("rw-------");
            assertThat(log.lines(Level.WARN)).containsExactly("WARN permissions fixed path=" + db + " mode=0600 was=0644");
        }
    }

    @Test
    void filesOfAnotherUserAreRefusedAndLeftAlone() throws IOException {
        int me = (Integer) Files.getAttribute(dir, "unix:uid");
        var asSomeoneElse = new PrivateFiles(me + 4242);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(dir.resolve("stackd.db"), "");

        assertThatThrownBy(() -> asSomeoneElse.directory(dir))
                .isInstanceOf(StoreException.class)
                .hasMessage(dir + " belongs to uid " + me + ", not to uid " + (me + 4242)
                        + " that runs stackd: chown it to that user, or choose another --data-dir");
        assertThatThrownBy(() -> asSomeoneElse.file(file))
                .hasMessageStartingWith(file + " belongs to uid " + me + ", not to uid " + (me + 4242));
        assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
