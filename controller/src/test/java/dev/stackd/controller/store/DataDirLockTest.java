package dev.stackd.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One daemon per data dir (the cross-process case is in ServeStartTest, with a second JVM). */
class DataDirLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondHolderIsRefusedNamingThePidOfTheFirstUntilItLetsGo() throws IOException {
        Path data = dir.resolve("stackd");
        long pid = ProcessHandle.current().pid();

        try (var first = DataDirLock.acquire(data)) {
            assertThat(Files.readString(data.resolve("stackd.lock"))).isEqualTo(pid + "\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("stackd.lock"))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");

            assertThatThrownBy(() -> DataDirLock.acquire(data))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("the data dir " + data + " is in use by another stackd (pid " + pid + "): one stackd"
                            + " per data dir. Stop that one first, or give this one another --data-dir.");
        }

        DataDirLock.acquire(data).close(); // released with the first
    }
}
