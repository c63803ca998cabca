package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.ValidationError;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test helper: loads compose text from a folder named "myapp" under a temporary directory. */
final class Load {
    private Load() {}

    static Path dir(Path tmp) {
        try {
            return Files.createDirectories(tmp.resolve("myapp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadResult result(Path tmp, String yaml, Map<String, String> env) {
        return ComposeLoader.load(LoadRequest.ofText(yaml, dir(tmp)).withEnvironment(env));
    }

    static StackSpec stack(Path tmp, String yaml) {
        return stack(tmp, yaml, Map.of());
    }

    static StackSpec stack(Path tmp, String yaml, Map<String, String> env) {
        LoadResult r = result(tmp, yaml, env);
        assertThat(r.errors()).as("errors").isEmpty();
        return r.stack();
    }

    /** The single service of a stack whose services: block is given. */
    static ServiceSpec service(Path tmp, String serviceYaml) {
        StackSpec s = stack(tmp, "services:\n  web:\n" + serviceYaml.indent(4));
        return s.service("web");
    }

    static List<ValidationError> errors(Path tmp, String yaml) {
        return errors(tmp, yaml, Map.of());
    }

    static List<ValidationError> errors(Path tmp, String yaml, Map<String, String> env) {
        LoadResult r = result(tmp, yaml, env);
        assertThat(r.isValid()).as("expected errors, got a valid stack").isFalse();
        return r.errors();
    }

    static List<ValidationError> serviceErrors(Path tmp, String serviceYaml) {
        return errors(tmp, "services:\n  web:\n" + serviceYaml.indent(4));
    }
}
