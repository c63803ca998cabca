package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.Manifests;
import dev.stackd.api.model.UpdateConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy.update_config and rollback_config: Swarm's keys and defaults, each value range-checked at its path. */
class UpdateConfigTest {
    @TempDir
    Path tmp;

    @Test
    void everyKeyIsReadAndTheOthersTakeSwarmsDefaults() {
        var web = Load.service(tmp, """
                image: x
                deploy:
                  replicas: 3
                  update_config:
                    parallelism: 2
                    delay: 10s
                    failure_action: continue
                    monitor: 1m
                    max_failure_ratio: 0.25
                    order: stop-first
                  rollback_config:
                    parallelism: 0
                """);

        assertThat(web.updateConfig()).isEqualTo(new UpdateConfig(2, Duration.ofSeconds(10), "continue", Duration.ofMinutes(1), 0.25, "stop-first"));
        assertThat(web.rollbackConfig()).isEqualTo(new UpdateConfig(0, Duration.ZERO, "pause", Duration.ofSeconds(5), 0, "stop-first"));
    }

    @Test
    void withoutTheKeysTheSpecHasNoneAndItsJsonIsAsBefore() {
        var web = Load.service(tmp, "image: x\n");

        assertThat(web.updateConfig()).isNull();
        assertThat(web.rollbackConfig()).isNull();
        assertThat(Manifests.toCanonicalJson(Load.stack(tmp, "services:\n  web:\n    image: x\n")))
                .doesNotContain("updateConfig").doesNotContain("rollbackConfig");
    }

    @Test
    void valuesOutOfRangeAreRefusedAtTheirPath() {
        var errors = Load.serviceErrors(tmp, """
                image: x
                deploy:
                  update_config:
                    parallelism: -1
                    delay: 25h
                    failure_action: retry
                    monitor: soon
                    max_failure_ratio: 1.5
                    order: random
                    replicas: 2
                  rollback_config:
                    failure_action: rollback
                    max_failure_ratio: NaN
                """);

        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactlyInAnyOrder(
                "services.web.deploy.update_config.replicas unknown update_config key \"replicas\"",
                "services.web.deploy.update_config.parallelism must be between 0 and 1000, got -1",
                "services.web.deploy.update_config.delay delay is longer than a day, the longest a rollout waits",
                "services.web.deploy.update_config.failure_action invalid failure_action \"retry\": expected pause, continue, rollback",
                "services.web.deploy.update_config.monitor invalid duration \"soon\": " + durationError("soon"),
                "services.web.deploy.update_config.max_failure_ratio invalid max_failure_ratio \"1.5\": expected a number between 0 and 1",
                "services.web.deploy.update_config.order invalid order \"random\": expected stop-first or start-first",
                "services.web.deploy.rollback_config.failure_action invalid failure_action \"rollback\": expected pause, continue (a rollback that fails cannot roll back)",
                "services.web.deploy.rollback_config.max_failure_ratio invalid max_failure_ratio \"NaN\": expected a number between 0 and 1");
    }

    @Test
    void rollbackAndStartFirstAreAcceptedTogether() {
        var web = Load.service(tmp, """
                image: x
                deploy:
                  update_config: {failure_action: rollback, order: start-first}
                """);

        assertThat(web.updateConfig().failureAction()).isEqualTo("rollback");
        assertThat(web.updateConfig().order()).isEqualTo("start-first");
    }

    @Test
    void updateConfigMayRollBackAndRollbackConfigMayNot() {
        var stack = Load.stack(tmp, """
                services:
                  web:
                    image: x
                    deploy:
                      update_config: {failure_action: rollback}
                      rollback_config: {parallelism: 0, failure_action: pause}
                """);

        assertThat(stack.service("web").updateConfig().failureAction()).isEqualTo("rollback");
        assertThat(stack.service("web").rollbackConfig().parallelism()).isZero();
    }

    @Test
    void theComposeFormCarriesThemBackToTheSameSpec() {
        var stack = Load.stack(tmp, """
                services:
                  web:
                    image: x
                    deploy:
                      resources: {limits: {memory: 64m}}
                      update_config: {parallelism: 2, delay: 1m30s, max_failure_ratio: 0.5}
                      rollback_config: {failure_action: continue}
                """);

        var again = Load.stack(tmp, ComposeWriter.write(stack, true, ComposeWriter.Format.yaml));

        assertThat(again.service("web").updateConfig()).isEqualTo(stack.service("web").updateConfig());
        assertThat(again.service("web").rollbackConfig()).isEqualTo(stack.service("web").rollbackConfig());
        assertThat(again).isEqualTo(stack);
    }

    private static String durationError(String text) {
        try {
            Units.duration(text);
            throw new AssertionError("accepted " + text);
        } catch (Units.Invalid e) {
            return e.getMessage();
        }
    }
}
