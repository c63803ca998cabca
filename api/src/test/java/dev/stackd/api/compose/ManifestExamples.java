package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.StackSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Test helper: the example stacks under manifests/, loaded as the CLI loads them. */
final class ManifestExamples {
    private static final Path MANIFESTS = Path.of("..").toAbsolutePath().normalize().resolve("manifests");

    private ManifestExamples() {}

    static Stream<String> names() throws IOException {
        try (Stream<Path> dirs = Files.list(MANIFESTS)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("compose.yaml"))).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    static StackSpec load(String example) {
        LoadResult result = ComposeLoader.load(LoadRequest.ofFile(MANIFESTS.resolve(example).resolve("compose.yaml")));
        assertThat(result.errors()).as(example + " errors").isEmpty();
        return result.stack();
    }
}
