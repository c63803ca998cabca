package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** network_mode: service:X is a dependency on X, as in compose: it orders the start and takes part in cycles. */
class NetworkModeServiceTest {
    @TempDir
    Path tmp;

    @Test
    void theServiceItJoinsStartsFirst() {
        var stack = Load.stack(tmp, """
                services:
                  app:
                    image: app
                    network_mode: service:vpn
                  vpn:
                    image: vpn
                  sidecar:
                    image: side
                    network_mode: container:some-proxy
                """, Map.of());
        assertThat(stack.startOrder()).containsSubsequence("vpn", "app");
        assertThat(stack.service("app").dependencies()).containsExactly("vpn");
        assertThat(stack.service("app").dependsOn()).isEmpty(); // implicit: not written into depends_on
        assertThat(stack.service("sidecar").networkMode()).isEqualTo("container:some-proxy");
        assertThat(stack.service("sidecar").dependencies()).isEmpty();
    }

    @Test
    void aCycleThroughNetworkModeIsNamedAtTheEdgeItTakes() {
        var errors = Load.errors(tmp, """
                services:
                  a:
                    image: x
                    network_mode: service:b
                  b:
                    image: x
                    depends_on: [a]
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message())
                .containsExactly("services.a.network_mode dependency cycle: a -> b -> a");
    }
}
