package dev.stackd.controller.engine.dockerjava;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The small parsers of the docker-java helpers: image references for pulls and the engine's timestamps. */
class DockerJavaParsingTest {

    @Test
    void splitsImageReferencesIntoRepositoryAndTag() {
        assertThat(DockerJavaImages.repository("127.0.0.1:1/none:1")).isEqualTo("127.0.0.1:1/none");
        assertThat(DockerJavaImages.tag("127.0.0.1:1/none:1")).isEqualTo("1");
        assertThat(DockerJavaImages.repository("registry:5000/team/app")).isEqualTo("registry:5000/team/app");
        assertThat(DockerJavaImages.tag("registry:5000/team/app")).isEqualTo("latest");
        assertThat(DockerJavaImages.repository("busybox@sha256:abc")).isEqualTo("busybox@sha256:abc");
        assertThat(DockerJavaImages.tag("busybox@sha256:abc")).isNull();
    }

    @Test
    void readsTheEnginesTimestampsAndItsZeroTimeAsNever() {
        assertThat(DockerJavaInspect.instant("2026-11-26T01:48:07.123456789Z")).isEqualTo(Instant.parse("2026-11-26T01:48:07.123456789Z"));
        assertThat(DockerJavaInspect.instant("0001-01-01T00:00:00Z")).isNull();
        assertThat(DockerJavaInspect.instant("")).isNull();
        assertThat(DockerJavaInspect.instant(null)).isNull();
    }

    @Test
    void containerNamesLoseTheirLeadingSlash() {
        assertThat(DockerJavaInspect.stripSlash("/web-1")).isEqualTo("web-1");
        assertThat(DockerJavaInspect.stripSlash("web-1")).isEqualTo("web-1");
    }
}
