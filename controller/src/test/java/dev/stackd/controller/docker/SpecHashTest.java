package dev.stackd.controller.docker;

import static dev.stackd.controller.testing.ServiceBuilder.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.testing.ServiceBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpecHashTest {

    private static ServiceBuilder web() {
        return service("web").image("nginx:1").command("nginx", "-g", "daemon off;").env("MODE", "prod")
                .port("127.0.0.1", 8080, 80).healthcheck(Duration.ofSeconds(10), "CMD-SHELL", "true");
    }

    @Test
    void theSameSpecHashesTheSameEveryTime() {
        assertThat(SpecHash.of(web().build())).isEqualTo(SpecHash.of(web().build())).hasSize(32).matches("[0-9a-f]+");
    }

    @Test
    void replicasAndDependsOnDoNotForceARecreate() {
        String base = SpecHash.of(web().build());
        assertThat(SpecHash.of(web().replicas(3).build())).isEqualTo(base);
        assertThat(SpecHash.of(web().dependsOn("db").build())).isEqualTo(base);
    }

    @Test
    void whatTheContainerIsMadeOfChangesTheHash() {
        String base = SpecHash.of(web().build());
        assertThat(SpecHash.of(web().image("nginx:2").build())).isNotEqualTo(base);
        assertThat(SpecHash.of(web().env("MODE", "dev").build())).isNotEqualTo(base);
        assertThat(SpecHash.of(web().env("EXTRA", "1").build())).isNotEqualTo(base);
        assertThat(SpecHash.of(web().port("127.0.0.1", 8081, 80).build())).isNotEqualTo(base);
        assertThat(SpecHash.of(web().stopGracePeriod(Duration.ofSeconds(30)).build())).isNotEqualTo(base);
    }

    @Test
    void anUnsetVariableHashesAsAnAbsentOne() {
        // both create the same container: an unset variable is left out of its environment
        assertThat(SpecHash.of(web().env("OTHER", null).build())).isEqualTo(SpecHash.of(web().build()));
    }
}
