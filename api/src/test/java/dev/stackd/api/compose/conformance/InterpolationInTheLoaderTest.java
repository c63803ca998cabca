package dev.stackd.api.compose.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.compose.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compose-go's interpolation tests that need a whole file: what is interpolated, where errors are, typed fields. */
class InterpolationInTheLoaderTest {
    @TempDir
    Path tmp;

    private LoadResult load(String yaml, Map<String, String> env) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("myapp"));
        return ComposeLoader.load(LoadRequest.ofText(yaml, dir).withEnvironment(env));
    }

    /** interpolation_test.go TestInterpolate: values at any depth, in lists and in mappings. */
    @Test
    void valuesAtAnyDepth() throws IOException {
        LoadResult r = load("""
                services:
                  servicea:
                    image: example:${USER}
                    volumes: ["$FOO:/target"]
                    logging:
                      driver: ${FOO}
                      options:
                        user: $USER
                volumes:
                  bar: {}
                """, Map.of("USER", "jenny", "FOO", "bar"));
        assertThat(r.errors()).isEmpty();
        var s = r.stack().service("servicea");
        assertThat(s.image()).isEqualTo("example:jenny");
        assertThat(s.volumes().getFirst().source()).isEqualTo("bar");
        assertThat(s.logging().driver()).isEqualTo("bar");
        assertThat(s.logging().options()).containsEntry("user", "jenny");
    }

    /** interpolation_test.go TestInvalidInterpolation: the error names the field, with its line and column. */
    @Test
    void anInvalidExpressionIsAnErrorAtItsField() throws IOException {
        LoadResult r = load("services:\n  servicea:\n    image: \"${\"\n", Map.of());
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("services.servicea.image");
            assertThat(e.message()).contains("invalid interpolation format").contains("$$");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).isEqualTo(12);
        });
    }

    /** interpolation_test.go TestInterpolateWithCast: a field reads its type after interpolation. */
    @Test
    void typedFieldsAfterInterpolation() throws IOException {
        LoadResult r = load("""
                services:
                  foo:
                    image: x
                    read_only: $REQUIRED
                    healthcheck:
                      test: ["CMD", "true"]
                      retries: $count
                """, Map.of("count", "5", "REQUIRED", "true"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.stack().service("foo").readOnly()).isTrue();
        assertThat(r.stack().service("foo").healthcheck().retries()).isEqualTo(5);
    }

    /**
     * loader_test.go TestLoadWithEnvironmentInterpolation: a comment is not interpolated, an unset variable is
     * empty, a default applies, and top-level sections are interpolated too.
     */
    @Test
    void commentsAreNotInterpolatedAndSectionsAre() throws IOException {
        LoadResult r = load("""
                # This is a comment, so using variable syntax here ${SHOULD_NOT_BREAK} parsing
                services:
                  test:
                    image: busybox
                    labels:
                      - home1=$HOME
                      - home2=${HOME}
                      - nonexistent=$NONEXISTENT
                      - default=${NONEXISTENT-default}
                networks:
                  test:
                    driver: $HOME
                volumes:
                  test:
                    driver: $HOME
                """, Map.of("HOME", "/home/foo", "FOO", "foo"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.stack().service("test").labels())
                .containsEntry("home1", "/home/foo").containsEntry("home2", "/home/foo")
                .containsEntry("nonexistent", "").containsEntry("default", "default");
        assertThat(r.stack().networks().get("test").driver()).isEqualTo("/home/foo");
        assertThat(r.stack().volumes().get("test").driver()).isEqualTo("/home/foo");
    }

    /** compose interpolates values, never keys (interpolation.go walks values; keys are copied as they are). */
    @Test
    void keysAreNotInterpolated() throws IOException {
        LoadResult r = load("services:\n  web:\n    image: x\n    labels:\n      \"${K}\": \"${K}\"\n", Map.of("K", "v"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.stack().service("web").labels()).containsEntry("${K}", "v");
    }

    /** A required variable's error carries the user's message, the field and its position. */
    @Test
    void aMissingRequiredVariableCarriesTheMessage() throws IOException {
        LoadResult r = load("services:\n  web:\n    image: \"nginx:${TAG:?set TAG to the release}\"\n", Map.of());
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("services.web.image");
            assertThat(e.message()).isEqualTo("required variable TAG is missing a value: set TAG to the release");
            assertThat(e.line()).isEqualTo(3);
        });
    }
}
