package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.EngineException;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

/** docker-java's failures as kinds: a slow engine (timeout) is told apart from a gone one (unavailable). */
class DockerJavaErrorsTest {

    @Test
    void aTimeoutOfTheHttpClientIsATimeout() {
        var read = DockerJavaErrors.translate("list containers", new RuntimeException(new SocketTimeoutException("Read timed out")));
        var connect = DockerJavaErrors.translate("list containers", new RuntimeException(new ConnectTimeoutException("Connect timed out")));

        for (var e : new EngineException[] {read, connect}) {
            assertThat(e.kind()).isEqualTo("timeout");
            assertThat(e.unavailable()).as("still an outage for the breaker and the executor").isTrue();
        }
        assertThat(read).hasMessageStartingWith("list containers: the engine did not answer in time");
    }

    @Test
    void otherFailuresKeepTheirKinds() {
        assertThat(DockerJavaErrors.translate("ping", new RuntimeException(new IOException("connection refused"))).kind())
                .isEqualTo("unavailable");
        assertThat(new EngineException("no such container", 404, null).kind()).isEqualTo("not_found");
        assertThat(new EngineException("name in use", 409, null).kind()).isEqualTo("conflict");
        assertThat(new EngineException("server error", 500, null).kind()).isEqualTo("other");
        assertThat(new EngineException("bad request", 400, null).kind()).isEqualTo("other");
    }
}
