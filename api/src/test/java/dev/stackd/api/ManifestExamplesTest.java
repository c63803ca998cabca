package dev.stackd.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.compose.LoadResult;
import dev.stackd.api.model.StackSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example stack under manifests/ validates, and its normalised model matches its golden file.
 * Regenerate the goldens with: mvn -pl api test -Dtest=ManifestExamplesTest -Dgolden.update=true
 */
class ManifestExamplesTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path MANIFESTS = REPO.resolve("manifests");
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final String REPO_PLACEHOLDER = "${REPO}";

    static Stream<String> examples() throws IOException {
        try (Stream<Path> dirs = Files.list(MANIFESTS)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("compose.yaml"))).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static StackSpec load(String example) {
        LoadResult result = ComposeLoader.load(LoadRequest.ofFile(MANIFESTS.resolve(example).resolve("compose.yaml")));
        assertThat(result.errors()).as(example + " errors").isEmpty();
        return result.stack();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void validatesAndRoundTrips(String example) {
        StackSpec spec = load(example);
        assertThat(spec.name()).isEqualTo(example);
        assertThat(Manifests.stackFromJson(Manifests.toCanonicalJson(spec))).isEqualTo(spec);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void matchesGolden(String example) throws IOException {
        String actual = Manifests.toPrettyJson(load(example)).replace(REPO.toString(), REPO_PLACEHOLDER) + "\n";
        Path golden = GOLDEN.resolve(example + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual);
        }
        assertThat(golden).as("golden file; regenerate with -Dgolden.update=true").exists();
        assertThat(actual).isEqualTo(Files.readString(golden));
    }

    @org.junit.jupiter.api.Test
    void allFiveTutorialStacksArePresent() throws IOException {
        assertThat(examples()).contains("nginx", "node-mongo", "php-mysql", "todo-app", "wordpress");
    }
}
