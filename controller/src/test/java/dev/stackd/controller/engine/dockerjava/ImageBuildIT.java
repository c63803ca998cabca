package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.BuildRequest;
import dev.stackd.controller.engine.ContainerRequest;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.Labels;
import static dev.stackd.controller.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.api.model.ServiceSpec.BuildSpec;
import dev.stackd.controller.testing.RawEngine;
import dev.stackd.controller.testing.TestEngine;
import dev.stackd.controller.testing.TestImage;
import dev.stackd.controller.testing.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds through the engine's build API from a local context, FROM the local test image (never a pull); and what a built ENTRYPOINT does to create. */
class ImageBuildIT {
    private final Engine engine = TestEngine.get();
    private final TestResources test = new TestResources();
    private final String tag = "stackd-test/built-" + test.runId() + ":1";

    @TempDir
    Path context;

    @BeforeAll
    static void image() {
        TestImage.ensure();
    }

    @AfterEach
    void removeContainersAndImage() {
        test.removeAll();
        RawEngine.delete("/images/" + tag + "?force=1");
    }

    @Test
    void buildsWithArgsTargetAndLabelsAndReturnsTheImageId() throws Exception {
        Files.writeString(context.resolve("build.Dockerfile"), """
                FROM %s AS base
                ARG GREETING=none
                RUN ["/bin/sh", "-c", "echo $GREETING > /greeting"]
                FROM base AS final
                RUN ["/bin/false"]
                """.formatted(TestImage.REF));
        var spec = new BuildSpec(context.toString(), "build.Dockerfile", new TreeMap<>(Map.of("GREETING", "hi")), "base");

        String id = engine.buildImage(new BuildRequest(spec, tag, test.labels()), Duration.ofMinutes(2));

        assertThat(id).startsWith("sha256:");
        assertThat(engine.imageId(tag)).contains(id);
        var image = RawEngine.get("/images/" + tag + "/json");
        assertThat(image.at("/Config/Labels/" + TestResources.LABEL).asText()).isEqualTo(test.runId());
    }

    @Test
    void anEmptyEntrypointDropsTheImagesEntrypoint() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                ENTRYPOINT ["/bin/false"]
                """.formatted(TestImage.REF));
        engine.buildImage(new BuildRequest(new BuildSpec(context.toString(), null, null, null), tag, test.labels()), Duration.ofMinutes(2));
        var reset = service("reset").image(tag).entrypoint().command("sleep", "60").spec();
        var kept = service("kept").image(tag).command("sleep", "60").spec();

        String resetId = engine.createContainer(new ContainerRequest(test.name("reset"), tag, reset, test.labels(), Map.of(), null, null, null, Map.of()));
        String keptId = engine.createContainer(new ContainerRequest(test.name("kept"), tag, kept, test.labels(), Map.of(), null, null, null, Map.of()));

        assertThat(RawEngine.get("/containers/" + resetId + "/json").path("Path").asText()).isEqualTo("sleep");
        assertThat(RawEngine.get("/containers/" + keptId + "/json").path("Path").asText()).isEqualTo("/bin/false");
    }

    @Test
    void aFailingBuildReportsTheEnginesMessage() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                RUN ["/bin/false", "%s"]
                """.formatted(TestImage.REF, test.runId()));
        var spec = new BuildSpec(context.toString(), null, null, null);

        assertThatThrownBy(() -> engine.buildImage(new BuildRequest(spec, tag, test.labels()), Duration.ofMinutes(2)))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.unavailable()).isFalse())
                .hasMessageContaining("/bin/false")
                .hasMessageContaining("non-zero code: 1");
        assertThat(engine.imageId(tag)).isEmpty();
        assertThat(RawEngine.get("/containers/json?all=1").findValuesAsText("Command"))
                .as("the failed step's container is removed").noneMatch(command -> command.contains(test.runId()));
    }
}
