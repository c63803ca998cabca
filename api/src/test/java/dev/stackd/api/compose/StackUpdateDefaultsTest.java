package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.ValidationError;
import dev.stackd.api.model.UpdateConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The top-level {@code x-stackd: {update_config, rollback_config}}: the stack-wide default of every service's, which
 * a service's own keys override field by field; checked with the same ranges, at {@code x-stackd.*} paths.
 */
class StackUpdateDefaultsTest {
    @TempDir
    Path tmp;

    private static final String STACK = """
            x-stackd:
              update_config:
                parallelism: 2
                failure_action: rollback
                monitor: 30s
              rollback_config:
                parallelism: 0
            services:
              plain:
                image: x
              own:
                image: x
                deploy:
                  update_config:
                    delay: 10s
                    failure_action: continue
              job:
                image: x
                deploy:
                  rollback_config:
                    monitor: 1s
            """;

    @Test
    void aServiceWithoutItsOwnTakesTheStacksDefaultAndItsOwnKeysWinFieldByField() {
        var spec = Load.stack(tmp, STACK);

        var stackWide = new UpdateConfig(2, Duration.ZERO, "rollback", Duration.ofSeconds(30), 0, "stop-first");
        var stackWideRollback = new UpdateConfig(0, Duration.ZERO, "pause", Duration.ofSeconds(5), 0, "stop-first");
        assertThat(spec.service("plain").updateConfig()).isEqualTo(stackWide);
        assertThat(spec.service("plain").rollbackConfig()).isEqualTo(stackWideRollback);
        // its own delay and failure_action; parallelism and monitor from x-stackd; the rest Swarm's defaults
        assertThat(spec.service("own").updateConfig())
                .isEqualTo(new UpdateConfig(2, Duration.ofSeconds(10), "continue", Duration.ofSeconds(30), 0, "stop-first"));
        assertThat(spec.service("own").rollbackConfig()).isEqualTo(stackWideRollback);
        assertThat(spec.service("job").updateConfig()).isEqualTo(stackWide);
        assertThat(spec.service("job").rollbackConfig())
                .isEqualTo(new UpdateConfig(0, Duration.ZERO, "pause", Duration.ofSeconds(1), 0, "stop-first"));
    }

    @Test
    void onlyTheKeyTheBlockSetsHasADefault() {
        var spec = Load.stack(tmp, """
                x-stackd:
                  rollback_config:
                    delay: 2s
                services:
                  web:
                    image: x
                """);

        assertThat(spec.service("web").updateConfig()).isNull();
        assertThat(spec.service("web").rollbackConfig())
                .isEqualTo(new UpdateConfig(1, Duration.ofSeconds(2), "pause", Duration.ofSeconds(5), 0, "stop-first"));
    }

    @Test
    void valuesOutOfRangeAndUnknownKeysAreRefusedAtTheirXStackdPath() {
        var errors = Load.errors(tmp, """
                x-stackd:
                  update_config:
                    parallelism: 1001
                    delay: 25h
                    max_failure_ratio: 2
                    failure_action: retry
                  rollback_config:
                    failure_action: rollback
                  restart-unhealthy: true
                  x-note: extensions are free
                services:
                  web:
                    image: x
                """);

        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactlyInAnyOrder(
                "x-stackd.update_config.parallelism must be between 0 and 1000, got 1001",
                "x-stackd.update_config.delay delay is longer than a day, the longest a rollout waits",
                "x-stackd.update_config.max_failure_ratio invalid max_failure_ratio \"2\": expected a number between 0 and 1",
                "x-stackd.update_config.failure_action invalid failure_action \"retry\": expected pause, continue, rollback",
                "x-stackd.rollback_config.failure_action invalid failure_action \"rollback\": expected pause, continue (a rollback that fails cannot roll back)",
                "x-stackd.restart-unhealthy unknown top-level x-stackd key \"restart-unhealthy\"");
    }

    @Test
    void theBlockMustBeAMapping() {
        var errors = Load.errors(tmp, """
                x-stackd: fast
                services:
                  web:
                    image: x
                """);

        assertThat(errors).extracting(ValidationError::path).containsExactly("x-stackd");
    }

    @Test
    void thePrintedProjectCarriesEachServicesResolvedSettingsAndLoadsAsTheSameStack() throws Exception {
        var spec = Load.stack(tmp, STACK);

        String printed = ComposeWriter.write(spec, true, ComposeWriter.Format.yaml);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/myapp"));
        var again = ComposeLoader.load(LoadRequest.ofText(printed, elsewhere));

        assertThat(again.errors()).as(printed).isEmpty();
        assertThat(again.stack().services()).isEqualTo(spec.services());
        assertThat(printed).contains("failure_action: rollback");
    }
}
