package dev.stackd.controller.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.controller.engine.dockerjava.DockerJavaEngine;
import java.net.URI;
import org.junit.jupiter.api.Test;

class TestEngineTest {

    @Test
    void withoutAnEngineTestsFailAndSayHowToGetOne() {
        var nowhere = new DockerJavaEngine(URI.create("unix:///nonexistent/docker.sock"));
        assertThatThrownBy(() -> TestEngine.connect(nowhere))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("unix:///nonexistent/docker.sock")
                .hasMessageContaining("./scripts/test as root on Debian");
    }
}
