package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackNameTest {
    @TempDir
    Path tmp;

    private static final String SERVICES = "services:\n  web:\n    image: x\n";

    @Test
    void normalisedAsCompose() {
        assertThat(StackNames.normalise("My App.v2")).isEqualTo("myappv2");
        assertThat(StackNames.normalise("_-hidden")).isEqualTo("hidden");
        assertThat(StackNames.normalise("web_1-b")).isEqualTo("web_1-b");
        assertThat(StackNames.normalise("...")).isEmpty();
    }

    @Test
    void overrideWinsOverNameWhichWinsOverTheFolder() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("Folder Name"));
        Path file = Files.writeString(dir.resolve("compose.yaml"), "name: FromFile\n" + SERVICES);
        assertThat(ComposeLoader.load(LoadRequest.ofFile(file).withName("override")).orThrow().name()).isEqualTo("override");
        // as compose's -p: a given name must already be a valid name (it is refused, never changed)
        assertThat(ComposeLoader.load(LoadRequest.ofFile(file).withName("Override")).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("invalid project name \"Override\" (given with --name)"));
        assertThat(ComposeLoader.load(LoadRequest.ofFile(file)).orThrow().name()).isEqualTo("fromfile");
        Files.writeString(file, SERVICES);
        var stack = ComposeLoader.load(LoadRequest.ofFile(file)).orThrow();
        assertThat(stack.name()).isEqualTo("foldername");
        assertThat(stack.networks().get("default").name()).isEqualTo("foldername_default");
    }

    @Test
    void nameCanBeInterpolated() {
        assertThat(Load.stack(tmp, "name: ${STACK:-demo}\n" + SERVICES).name()).isEqualTo("demo");
        assertThat(Load.stack(tmp, "name: ${STACK:-demo}\n" + SERVICES, Map.of("STACK", "prod")).name()).isEqualTo("prod");
    }

    @Test
    void anEmptyNameIsAnError() {
        assertThat(Load.errors(tmp, "name: \"__\"\n" + SERVICES)).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("name");
            assertThat(e.message()).startsWith("cannot make a stack name from name: \"__\"");
            assertThat(e.line()).isEqualTo(1);
        });
    }

    @Test
    void anErrorInNameIsReportedOnceAtName() {
        assertThat(Load.errors(tmp, "name: ${STACK:?set STACK}\n" + SERVICES)).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("name");
            assertThat(e.message()).isEqualTo("required variable STACK is missing a value: set STACK");
        });
    }

    @Test
    void composeProjectNameIsNotYetDefinedInName() {
        // as compose: name: is read before the name is chosen, so it sees only the caller's variables
        assertThat(Load.stack(tmp, "name: ${COMPOSE_PROJECT_NAME:-fallback}\n" + SERVICES).name()).isEqualTo("fallback");
    }
}
