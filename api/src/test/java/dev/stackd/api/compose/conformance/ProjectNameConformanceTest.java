package dev.stackd.api.compose.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.ValidationError;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.compose.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the stack name is chosen, case by case, from compose-go's {@code cli/options_test.go} (TestProjectName,
 * TestProjectNameFromWorkingDir, TestProjectWithDotEnv) and {@code loader/loader_test.go} (TestProjectNameInterpolation,
 * TestLoadProjectName, TestInvalidProjectNameType): {@code --name}, then {@code COMPOSE_PROJECT_NAME} (the caller's
 * environment, then .env), then {@code name:}, then the folder; and {@code ${COMPOSE_PROJECT_NAME}} is the chosen name.
 * <p>
 * stackd's loader is compose-go's cli and loader layers in one, so TestLoadProjectName's case "project name from
 * environment" (the loader alone ignores COMPOSE_PROJECT_NAME; compose's cli layer reads it) is the cli's case
 * "by COMPOSE_PROJECT_NAME" here. TestProjectNameInterpolation's case "with override" merges three files: it belongs
 * with the multi-file merge.
 */
class ProjectNameConformanceTest {
    @TempDir
    Path tmp;

    private static final String SIMPLE = "services:\n  simple:\n    image: nginx\n";

    /** @param name the given name (--name), null for none; @param error a part of the expected error, or null */
    record Case(String from, String folder, String yaml, String name, Map<String, String> env, String dotEnv, String expected, String error) {
        @Override
        public String toString() {
            return from + " (" + folder + ")";
        }
    }

    private static Case named(String from, String folder, String yaml, String name, Map<String, String> env, String dotEnv, String expected) {
        return new Case(from, folder, yaml, name, env, dotEnv, expected, null);
    }

    private static Case refused(String from, String folder, String yaml, String name, Map<String, String> env, String error) {
        return new Case(from, folder, yaml, name, env, null, null, error);
    }

    static Stream<Case> cases() {
        String invalid = "invalid project name";
        return Stream.of(
                // options_test.go TestProjectName
                named("by name", "simple", SIMPLE, "my_project", Map.of(), null, "my_project"),
                named("by name start with number", "simple", SIMPLE, "42my_project_num", Map.of(), null, "42my_project_num"),
                named("by name start with number (env)", "simple", SIMPLE, null, Map.of("COMPOSE_PROJECT_NAME", "42my_project_env"), null,
                        "42my_project_env"),
                named("by name empty", "simple", SIMPLE, "", Map.of(), null, "simple"),
                named("by name empty working dir", "path/to/proj", SIMPLE, "", Map.of(), null, "proj"),
                refused("by name start with invalid char '-'", "simple", SIMPLE, "-my_project", Map.of(), invalid + " \"-my_project\""),
                refused("by name start with invalid char '-' (env)", "simple", SIMPLE, null,
                        Map.of("COMPOSE_PROJECT_NAME", "-my_project"), invalid + " \"-my_project\""),
                refused("by name start with invalid char '_'", "simple", SIMPLE, "_my_project", Map.of(), invalid + " \"_my_project\""),
                refused("by name start with invalid char '_' (env)", "simple", SIMPLE, null,
                        Map.of("COMPOSE_PROJECT_NAME", "_my_project"), invalid + " \"_my_project\""),
                refused("by name contains dots", "simple", SIMPLE, "www.my.project", Map.of(), invalid + " \"www.my.project\""),
                refused("by name contains dots (env)", "simple", SIMPLE, null,
                        Map.of("COMPOSE_PROJECT_NAME", "www.my.project"), invalid + " \"www.my.project\""),
                refused("by name uppercase", "simple", SIMPLE, "MY_PROJECT", Map.of(), invalid + " \"MY_PROJECT\""),
                refused("by name uppercase (env)", "simple", SIMPLE, null, Map.of("COMPOSE_PROJECT_NAME", "MY_PROJECT"), invalid + " \"MY_PROJECT\""),
                named("by working dir", "cli", SIMPLE, null, Map.of(), null, "cli"),
                named("by compose file parent dir", "simple", SIMPLE, null, Map.of(), null, "simple"),
                named("by compose file parent dir special", "UNNORMALIZED PATH", SIMPLE, null, Map.of(), null, "unnormalizedpath"),
                named("by COMPOSE_PROJECT_NAME", "simple", SIMPLE, null, Map.of("COMPOSE_PROJECT_NAME", "my_project_from_env"), null,
                        "my_project_from_env"),
                named("by .env", "env-file", SIMPLE, null, Map.of(),
                        "COMPOSE_FILE=compose-with-env-file.yaml\nCOMPOSE_PROJECT_NAME=my_project_from_dot_env\nPORT=8000\n",
                        "my_project_from_dot_env"),
                named("by name in compose.yaml with variable", "simple", "name: test-${TEST}-test\n" + SIMPLE, null, Map.of("TEST", "expected"),
                        null, "test-expected-test"),
                // options_test.go TestProjectNameFromWorkingDir
                named("TestProjectNameFromWorkingDir", "env-file", SIMPLE, null, Map.of(), null, "env-file"),
                // loader_test.go TestLoadProjectName: the name given by the caller, with or without an environment
                named("TestLoadProjectName from options", "x", SIMPLE, "testproject", Map.of(), null, "testproject"),
                // loader_test.go TestInvalidProjectNameType
                refused("TestInvalidProjectNameType", "x", "name: 123\n" + SIMPLE, null, Map.of(), "name must be a string"),
                // stackd's own: COMPOSE_PROJECT_NAME (environment or .env) wins over name:, --name over both, the environment over .env
                named("COMPOSE_PROJECT_NAME wins over name:", "x", "name: fromfile\n" + SIMPLE, null, Map.of("COMPOSE_PROJECT_NAME", "fromenv"),
                        null, "fromenv"),
                named(".env's COMPOSE_PROJECT_NAME wins over name:", "x", "name: fromfile\n" + SIMPLE, null, Map.of(),
                        "COMPOSE_PROJECT_NAME=fromdotenv\n", "fromdotenv"),
                named("the environment wins over .env", "x", "name: fromfile\n" + SIMPLE, null, Map.of("COMPOSE_PROJECT_NAME", "fromenv"),
                        "COMPOSE_PROJECT_NAME=fromdotenv\n", "fromenv"),
                named("--name wins over all", "x", "name: fromfile\n" + SIMPLE, "given", Map.of("COMPOSE_PROJECT_NAME", "fromenv"),
                        "COMPOSE_PROJECT_NAME=fromdotenv\n", "given"),
                named("an empty COMPOSE_PROJECT_NAME is no name", "x", "name: fromfile\n" + SIMPLE, null, Map.of("COMPOSE_PROJECT_NAME", ""),
                        null, "fromfile"),
                named("name: is normalised", "x", "name: My.App\n" + SIMPLE, null, Map.of(), null, "myapp"),
                named("an empty name: leaves the folder", "folder", "name: \"\"\n" + SIMPLE, null, Map.of(), null, "folder"),
                refused("a name: that normalises to nothing", "folder", "name: \"__\"\n" + SIMPLE, null, Map.of(), "cannot make a stack name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void asCompose(Case c) throws IOException {
        LoadResult r = load(c.folder(), c.yaml(), c.name(), c.env(), c.dotEnv());
        if (c.error() == null) {
            assertThat(r.errors()).isEmpty();
            assertThat(r.stack().name()).isEqualTo(c.expected());
        } else {
            assertThat(r.errors()).extracting(ValidationError::message).anySatisfy(m -> assertThat(m).contains(c.error()));
        }
    }

    /** options_test.go TestProjectName "by name must not come from root directory": "/" has no name. */
    @Test
    void theRootFolderGivesNoName() {
        LoadResult r = ComposeLoader.load(LoadRequest.ofText(SIMPLE, Path.of("/")));
        assertThat(r.errors()).extracting(ValidationError::message).anySatisfy(m -> assertThat(m).contains("cannot make a stack name"));
    }

    /** loader_test.go TestLoadProjectName "default": a document with no name, no folder and no given name has none. */
    @Test
    void aRemoteDocumentWithoutNameHasNone() {
        LoadResult r = ComposeLoader.load(LoadRequest.remote(SIMPLE));
        assertThat(r.errors()).extracting(ValidationError::message).anySatisfy(m -> assertThat(m).contains("cannot make a stack name"));
    }

    record Interpolated(String from, String yaml, String name, Map<String, String> env, String dotEnv, String containerName) {
        @Override
        public String toString() {
            return from;
        }
    }

    static Stream<Interpolated> interpolated() {
        String web = "services:\n  web:\n    image: web\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n";
        return Stream.of(
                // loader_test.go TestProjectNameInterpolation "project name simple interpolation"
                new Interpolated("simple interpolation", "name: interpolated\n" + web, null, Map.of(), null, "interpolated-web"),
                // "project name override"
                new Interpolated("override", "name: another_name\n" + web, "interpolated", Map.of(), null, "interpolated-web"),
                // loader_test.go TestLoadProjectName: the given name, imperatively set or not, with no or an empty environment
                new Interpolated("TestLoadProjectName", web, "testproject", Map.of(), null, "testproject-web"),
                // stackd's own: the folder's name, the environment's, .env's, and a normalised name:
                new Interpolated("from the folder", web, null, Map.of(), null, "myapp-web"),
                new Interpolated("from the environment", "name: fromfile\n" + web, null, Map.of("COMPOSE_PROJECT_NAME", "fromenv"), null,
                        "fromenv-web"),
                new Interpolated("from .env", "name: fromfile\n" + web, null, Map.of(), "COMPOSE_PROJECT_NAME=fromdotenv\n", "fromdotenv-web"),
                new Interpolated("normalised", "name: My.App\n" + web, null, Map.of(), null, "myapp-web"),
                new Interpolated("empty in the environment", "name: fromfile\n" + web, null, Map.of("COMPOSE_PROJECT_NAME", ""), null,
                        "fromfile-web"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interpolated")
    void composeProjectNameIsTheChosenName(Interpolated c) throws IOException {
        LoadResult r = load("myapp", c.yaml(), c.name(), c.env(), c.dotEnv());
        assertThat(r.errors()).isEmpty();
        assertThat(r.stack().service("web").containerName()).isEqualTo(c.containerName());
    }

    /** options_test.go TestProjectWithDotEnv: .env feeds interpolation when a name is given. */
    @Test
    void dotEnvWithAGivenName() throws IOException {
        LoadResult r = load("simple", "services:\n  simple:\n    image: nginx\n    ports:\n    - ${PUBLIC_PORT}:80\n", "my_project", Map.of(),
                "PUBLIC_PORT=8000\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.stack().name()).isEqualTo("my_project");
        assertThat(r.stack().service("simple").ports().getFirst().published()).isEqualTo(8000);
    }

    /**
     * loader_test.go TestProjectNameInterpolation "project name interpolation with override": the last file with a
     * name: names the project (a later file without one keeps it), and ${COMPOSE_PROJECT_NAME} is that name in every file.
     */
    @Test
    void anOverridesNameRenamesTheProject() {
        var project = new ProjectFixture(tmp).load(java.util.List.of(),
                "name: interpolated\nservices:\n  web:\n    image: web\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n",
                "name: overrided\nservices:\n  db:\n    image: db\n    container_name: ${COMPOSE_PROJECT_NAME}-db\n",
                "services:\n  proxy:\n    image: proxy\n    container_name: ${COMPOSE_PROJECT_NAME}-proxy\n");
        assertThat(project.errors()).isEmpty();
        assertThat(project.stack().name()).isEqualTo("overrided");
        assertThat(project.stack().services().values()).extracting(s -> s.containerName())
                .containsExactlyInAnyOrder("overrided-web", "overrided-db", "overrided-proxy");
    }

    /** An override's name: is only the project's name when nothing stronger names it: COMPOSE_PROJECT_NAME wins over it. */
    @Test
    void theEnvironmentWinsOverAnOverridesName() {
        var fixture = new ProjectFixture(tmp);
        var files = java.util.List.of(fixture.write("a.yaml", "name: first\n" + SIMPLE), fixture.write("b.yaml", "name: second\n"));
        var r = ComposeLoader.load(dev.stackd.api.compose.ProjectRequest.of(files).withEnvironment(Map.of("COMPOSE_PROJECT_NAME", "fromenv")));
        assertThat(r.errors()).isEmpty();
        assertThat(r.stack().name()).isEqualTo("fromenv");
    }

    private LoadResult load(String folder, String yaml, String name, Map<String, String> env, String dotEnv) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(folder));
        if (dotEnv != null) Files.writeString(dir.resolve(".env"), dotEnv);
        Path file = Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(new LoadRequest(file, null, null, Optional.ofNullable(name), env));
    }
}
