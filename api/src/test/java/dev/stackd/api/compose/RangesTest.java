package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.ValidationError;
import dev.stackd.api.model.ServiceSpec.ResourceSpec;
import dev.stackd.api.model.ServiceSpec.Ulimit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every number of a compose file has a range; a value outside it is an error at its path, never wrapped or rounded away. */
class RangesTest {
    @TempDir
    Path tmp;

    private List<String> errors(String serviceYaml) {
        return Load.serviceErrors(tmp, serviceYaml).stream().map(RangesTest::describe).toList();
    }

    private static String describe(ValidationError e) {
        return e.path() + " " + e.message();
    }

    @Test
    void replicasDoNotWrapAround() {
        // were stored as -2147483648 and 1 replicas
        assertThat(errors("image: x\nscale: 2147483648\n"))
                .containsExactly("services.web.scale must be between 0 and 1000, got 2147483648");
        assertThat(errors("image: x\ndeploy:\n  replicas: 4294967297\n"))
                .containsExactly("services.web.deploy.replicas must be between 0 and 1000, got 4294967297");
        assertThat(errors("image: x\nscale: 1001\n")).containsExactly("services.web.scale must be between 0 and 1000, got 1001");
        assertThat(errors("image: x\nscale: 99999999999999999999999\n"))
                .containsExactly("services.web.scale must be between 0 and 1000, got 99999999999999999999999");
        assertThat(Load.service(tmp, "image: x\nscale: 1000\n").replicas()).isEqualTo(1000);
    }

    @Test
    void cpusThatOverflowOrRoundToZeroAreErrors() {
        // both became 0, which the engine reads as "no limit"
        assertThat(errors("image: x\ncpus: 1e999999\n")).containsExactly("services.web.cpus invalid cpus \"1e999999\": more than 1024 CPUs");
        assertThat(errors("image: x\ncpus: 0.0000000001\n"))
                .containsExactly("services.web.cpus invalid cpus \"0.0000000001\": a nonzero value under one nano-CPU (0.000000001)");
        assertThat(errors("image: x\ncpus: 1e-999999\n"))
                .containsExactly("services.web.cpus invalid cpus \"1e-999999\": a nonzero value under one nano-CPU (0.000000001)");
        assertThat(errors("image: x\ndeploy:\n  resources:\n    limits:\n      cpus: '1025'\n"))
                .containsExactly("services.web.deploy.resources.limits.cpus invalid cpus \"1025\": more than 1024 CPUs");
        assertThat(errors("image: x\ncpus: -1\n")).containsExactly("services.web.cpus invalid cpus \"-1\": must not be negative");
        assertThat(Load.service(tmp, "image: x\ncpus: 1024\n").resources().nanoCpus()).isEqualTo(1024_000_000_000L);
        assertThat(Load.service(tmp, "image: x\ncpus: 0\n").resources().nanoCpus()).isZero();
        assertThat(Load.service(tmp, "image: x\ncpus: 1e-9\n").resources().nanoCpus()).isEqualTo(1L);
    }

    @Test
    void memorySizesThatOverflowOrRoundToZeroAreErrors() {
        assertThat(errors("image: x\nmem_limit: 0.0000001k\n"))
                .containsExactly("services.web.mem_limit invalid mem_limit \"0.0000001k\": a nonzero size under one byte");
        assertThat(errors("image: x\nmem_reservation: 9999999t\n"))
                .containsExactly("services.web.mem_reservation invalid mem_reservation \"9999999t\": more than 9223372036854775807 bytes");
        assertThat(errors("image: x\ndeploy:\n  resources:\n    limits:\n      memory: 99999999999999999999\n"))
                .containsExactly("services.web.deploy.resources.limits.memory invalid memory \"99999999999999999999\": more than 9223372036854775807 bytes");
        assertThat(errors("image: x\nvolumes:\n  - type: tmpfs\n    target: /t\n    tmpfs:\n      size: 0.5\n"))
                .containsExactly("services.web.volumes[0].tmpfs.size invalid size \"0.5\": a nonzero size under one byte");
        assertThat(Load.service(tmp, "image: x\nmem_limit: 0\n").resources().memoryBytes()).isZero();
        assertThat(Load.service(tmp, "image: x\nmem_limit: 1.5\n").resources().memoryBytes()).isEqualTo(1L);
        assertThat(Load.service(tmp, "image: x\nmem_limit: 8388607t\n").resources().memoryBytes()).isEqualTo(8388607L << 40);
    }

    @Test
    void durationsDoNotOverflowAndStayInTheirRange() {
        // 9999999999999h was a negative Duration
        assertThat(errors("image: x\nstop_grace_period: 9999999999999h\n"))
                .containsExactly("services.web.stop_grace_period invalid duration \"9999999999999h\": longer than 3650 days");
        assertThat(errors("image: x\nstop_grace_period: 87601h\n"))
                .containsExactly("services.web.stop_grace_period invalid duration \"87601h\": longer than 3650 days");
        assertThat(errors("image: x\nstop_grace_period: 0.5ns\n"))
                .containsExactly("services.web.stop_grace_period invalid duration \"0.5ns\": a nonzero duration under one nanosecond");
        assertThat(errors("image: x\nhealthcheck:\n  test: [CMD, x]\n  interval: 500us\n  start_period: 999999999h\n"))
                .containsExactly(
                        "services.web.healthcheck.interval invalid duration \"500us\": under 1ms, the engine's minimum (0 means the default)",
                        "services.web.healthcheck.start_period invalid duration \"999999999h\": longer than 3650 days");
        assertThat(errors("image: x\nx-stackd:\n  backoff-initial: 1s\n  backoff-max: 100000h\n"))
                .containsExactly("services.web.x-stackd.backoff-max invalid duration \"100000h\": longer than 3650 days");
        assertThat(Load.service(tmp, "image: x\nstop_grace_period: 87600h\n").stopGracePeriod()).isEqualTo(Duration.ofDays(3650));
        assertThat(Load.service(tmp, "image: x\nhealthcheck:\n  test: [CMD, x]\n  interval: 0\n  timeout: 1ms\n").healthcheck().timeout())
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void everyIntegerFieldHasARange() {
        assertThat(errors("""
                image: x
                healthcheck:
                  test: [CMD, x]
                  retries: 2147483648
                ulimits:
                  nofile: 9223372036854775808
                  nproc: -2
                  core: {soft: -1, hard: 10}
                  memlock: {soft: 20, hard: 10}
                pids_limit: 4194305
                restart: on-failure:2147483648
                networks:
                  default:
                    priority: 2147483648
                ports:
                  - target: 70000
                """)).containsExactly(
                "services.web.healthcheck.retries must be between 0 and 2147483647, got 2147483648",
                "services.web.ulimits.nofile must be between -1 and 9223372036854775807, got 9223372036854775808",
                "services.web.ulimits.nproc must be between -1 and 9223372036854775807, got -2",
                "services.web.ulimits.core the soft limit unlimited (-1) is above the hard limit 10",
                "services.web.ulimits.memlock the soft limit 20 is above the hard limit 10",
                "services.web.pids_limit invalid pids_limit \"4194305\": must be between -1 and 4194304",
                "services.web.restart invalid restart policy \"on-failure:2147483648\": the retry count must be between 0 and 2147483647",
                "services.web.networks.default.priority must be between -2147483648 and 2147483647, got 2147483648",
                "services.web.ports[0].target must be between 1 and 65535, got 70000");
        var s = Load.service(tmp, """
                image: x
                ulimits:
                  memlock: {soft: -1, hard: -1}
                  nofile: {soft: 1024, hard: -1}
                pids_limit: -1
                restart: on-failure:2147483647
                """);
        assertThat(s.ulimits()).containsEntry("memlock", new Ulimit(-1, -1)).containsEntry("nofile", new Ulimit(1024, -1));
        assertThat(s.resources()).isEqualTo(new ResourceSpec(null, null, -1L, null));
    }

    @Test
    void fileModesAreOctalPermissions() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: x
                    secrets:
                      - {source: token, mode: 01000}
                      - {source: token, target: b, mode: 99999999999}
                secrets:
                  token: {environment: TOKEN}
                """).stream().map(RangesTest::describe).toList();
        assertThat(errors).containsExactly(
                "services.web.secrets[0].mode invalid file mode \"01000\": expected permissions between 0 and 0777",
                "services.web.secrets[1].mode invalid file mode \"99999999999\": expected permissions between 0 and 0777");
    }
}
