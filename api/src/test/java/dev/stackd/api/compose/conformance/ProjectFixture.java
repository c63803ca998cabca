package dev.stackd.api.compose.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.ValidationError;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.ProjectRequest;
import dev.stackd.api.compose.ProjectResult;
import dev.stackd.api.model.StackSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Files of a compose project in a folder named "proj" of a temporary directory. The conformance tests load the
 * files compose-go's tests merge, and compare the stack with the one loaded from compose's expected result written
 * as one file: the same model, so every normalisation of stackd applies to both sides alike.
 */
final class ProjectFixture {
    final Path dir;

    ProjectFixture(Path tmp) {
        try {
            this.dir = Files.createDirectories(tmp.resolve("proj"));
            // what the cases name: a build context, env files, secret and config files
            Files.createDirectories(dir.resolve("src"));
            for (String f : List.of("a.env", "b.env", "s1", "s2", "c1")) Files.writeString(dir.resolve(f), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(String name, String text) {
        try {
            Path f = dir.resolve(name);
            Files.createDirectories(f.getParent());
            return Files.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files written as base.yaml, override1.yaml..., loaded as one project. */
    ProjectResult load(List<String> profiles, String... texts) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) files.add(write(i == 0 ? "base.yaml" : "override" + i + ".yaml", texts[i]));
        return ComposeLoader.load(ProjectRequest.of(files).withProfiles(profiles).withEnvironment(Map.of("HOME", dir.toString())));
    }

    StackSpec merged(String... texts) {
        ProjectResult r = load(List.of(), texts);
        assertThat(r.errors()).as("errors of the merged files").isEmpty();
        return r.stack();
    }

    /** Compose's expected result, as one file of the same folder. */
    StackSpec single(String text) {
        ProjectResult r = ComposeLoader.load(ProjectRequest.of(List.of(write("expected.yaml", text)))
                .withEnvironment(Map.of("HOME", dir.toString())));
        assertThat(r.errors()).as("errors of the expected file").isEmpty();
        return r.stack();
    }

    List<ValidationError> errors(List<String> profiles, String... texts) {
        ProjectResult r = load(profiles, texts);
        assertThat(r.isValid()).as("expected errors").isFalse();
        return r.errors();
    }
}
