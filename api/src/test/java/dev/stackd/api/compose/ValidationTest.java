package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.ManifestException;
import dev.stackd.api.ValidationError;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationTest {
    @TempDir
    Path tmp;

    private static String describe(ValidationError e) {
        return e.path() + " " + e.message();
    }

    @Test
    void everyErrorIsCollectedInSourceOrder() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: nginx
                    depends_on: [db, cache]
                    networks: [front]
                    volumes: [data:/data]
                    secrets: [token]
                    configs: [conf]
                    stop_grace_period: soon
                    ports: ["99999"]
                  worker:
                    build: ./does-not-exist
                  "bad name!":
                    image: x
                  db:
                    image: mysql
                    container_name: "-db"
                """);
        Path dir = Load.dir(tmp);
        assertThat(errors).extracting(ValidationTest::describe).containsExactly(
                "services.web.depends_on[1] depends on unknown service \"cache\"",
                "services.web.networks[0] network \"front\" is not defined in the top-level networks",
                "services.web.volumes[0] volume \"data\" is not defined in the top-level volumes",
                "services.web.secrets[0] secret \"token\" is not defined in the top-level secrets",
                "services.web.configs[0] config \"conf\" is not defined in the top-level configs",
                "services.web.stop_grace_period invalid duration \"soon\": expected e.g. 10s, 1m30s, 500ms or 1h",
                "services.web.ports[0] invalid port \"99999\": container port 99999 must be between 1 and 65535",
                "services.worker.build build context " + dir.resolve("does-not-exist") + " does not exist or is not a directory",
                "services.bad name! invalid service name \"bad name!\": expected [a-zA-Z0-9._-]+",
                "services.db.container_name invalid container name \"-db\": expected [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        assertThat(errors.get(1).line()).isEqualTo(5);
        assertThat(errors.get(1).column()).isEqualTo(16);
    }

    @Test
    void dependencyCyclesAreNamed() {
        var errors = Load.errors(tmp, """
                services:
                  a:
                    image: x
                    depends_on: [b]
                  b:
                    image: x
                    depends_on: [c]
                  c:
                    image: x
                    depends_on: [a]
                  self:
                    image: x
                    depends_on: [self]
                """);
        assertThat(errors).extracting(ValidationTest::describe).containsExactly(
                "services.a.depends_on dependency cycle: a -> b -> c -> a",
                "services.self.depends_on dependency cycle: self -> self");
        assertThat(errors.getFirst().line()).isEqualTo(4);
    }

    @Test
    void anOptionalDependencyMayBeAbsent() {
        var stack = Load.stack(tmp, "services:\n  web:\n    image: x\n    depends_on:\n      cache:\n        required: false\n");
        assertThat(stack.service("web").dependsOn().get("cache").required()).isFalse();
        assertThat(stack.startOrder()).containsExactly("web");
    }

    @Test
    void aServiceNeedsAnImageOrABuild() {
        assertThat(Load.serviceErrors(tmp, "restart: always\n")).extracting(ValidationTest::describe)
                .containsExactly("services.web service \"web\" needs an image or a build");
    }

    @Test
    void wrongTypesSayWhatWasExpected() {
        var errors = Load.serviceErrors(tmp, """
                image: [nginx]
                ports:
                  http: 80
                privileged: maybe
                healthcheck: curl localhost
                environment: 42
                ulimits:
                  nofile: lots
                """);
        assertThat(errors).extracting(ValidationTest::describe).containsExactly(
                "services.web.image expected a string, got a list",
                "services.web.ports expected a list, got a mapping",
                "services.web.privileged expected true or false, got \"maybe\"",
                "services.web.healthcheck expected a mapping, got a scalar (\"curl localhost\")",
                "services.web.environment expected a list of \"KEY=value\" or a mapping, got a scalar (\"42\")",
                "services.web.ulimits.nofile expected an integer, got \"lots\"");
    }

    @Test
    void networkModeExcludesNetworks() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: x
                    network_mode: service:ghost
                    networks: [default]
                """);
        assertThat(errors).extracting(ValidationTest::describe).containsExactly(
                "services.web.network_mode network_mode cannot be used together with networks",
                "services.web.network_mode network_mode refers to unknown service \"ghost\"");
    }

    @Test
    void containerNameNeedsOneReplica() {
        assertThat(Load.serviceErrors(tmp, "image: x\ncontainer_name: web\nscale: 2\n")).extracting(ValidationTest::describe)
                .containsExactly("services.web.container_name container_name needs exactly one replica, the service has 2");
    }

    @Test
    void servicesAreRequiredAndTheRootIsAMapping() {
        assertThat(Load.errors(tmp, "networks: {}\n")).extracting(ValidationTest::describe).containsExactly(" a compose file needs services:");
        assertThat(Load.errors(tmp, "- a\n- b\n")).extracting(ValidationTest::describe)
                .containsExactly(" a compose file is a mapping (services:, networks:...), got a list");
    }

    @Test
    void orThrowCarriesEveryError() {
        var result = Load.result(tmp, "services:\n  a:\n    restart: x\n", java.util.Map.of());
        Assertions.assertThatThrownBy(result::orThrow).isInstanceOfSatisfying(ManifestException.class, e -> {
            assertThat(e.errors()).hasSize(2);
            assertThat(e.getMessage()).contains("invalid manifest (2 errors)", "services.a (2:3): service \"a\" needs an image or a build");
        });
    }
}
