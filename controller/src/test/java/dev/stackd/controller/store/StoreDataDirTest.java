package dev.stackd.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreDataDirTest {
    private static final String HOME = "/home/ann";

    @Test
    void theFlagWinsOverEverything() {
        var env = Map.of(DataDir.ENV, "/from/env", "XDG_DATA_HOME", "/xdg");
        assertThat(DataDir.resolve("/from/flag", env, true, HOME)).isEqualTo(Path.of("/from/flag"));
    }

    @Test
    void theEnvironmentComesNext() {
        assertThat(DataDir.resolve(null, Map.of(DataDir.ENV, "/from/env"), true, HOME))
                .isEqualTo(Path.of("/from/env"));
    }

    @Test
    void rootUsesVarLib() {
        assertThat(DataDir.resolve(null, Map.of("XDG_DATA_HOME", "/xdg"), true, "/root"))
                .isEqualTo(Path.of("/var/lib/stackd"));
    }

    @Test
    void aUserUsesXdgDataHomeWhenSet() {
        assertThat(DataDir.resolve(null, Map.of("XDG_DATA_HOME", "/xdg"), false, HOME))
                .isEqualTo(Path.of("/xdg/stackd"));
    }

    @Test
    void aUserOtherwiseUsesLocalShare() {
        assertThat(DataDir.resolve(null, Map.of(), false, HOME))
                .isEqualTo(Path.of("/home/ann/.local/share/stackd"));
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(DataDir.resolve("  ", Map.of(DataDir.ENV, ""), false, HOME))
                .isEqualTo(Path.of("/home/ann/.local/share/stackd"));
    }

    @Test
    void theProcessFactsAreThoseOfThisProcess() {
        boolean root = "root".equals(System.getProperty("user.name"));
        assertThat(DataDir.isRoot()).isEqualTo(root);
    }
}
