package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files make a project (compose-go cli/options.go), and how a project of several files loads. */
class ProjectFilesTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, text);
    }

    private ProjectFiles.Selection select(List<Path> files, Path cwd, Map<String, String> env) {
        return ProjectFiles.select(files, null, List.of(), null, env, cwd);
    }

    @Test
    void theDefaultFileAndItsOverrideAreFoundInTheFolderOrAParent() throws IOException {
        Path main = write("app/compose.yaml", "services: {web: {image: a}}\n");
        Path override = write("app/compose.override.yaml", "services: {web: {image: b}}\n");
        Files.createDirectories(tmp.resolve("app/sub/deeper"));
        var s = select(List.of(), tmp.resolve("app/sub/deeper"), Map.of());
        assertThat(s.errors()).isEmpty();
        assertThat(s.request().files()).containsExactly(main, override);
        // the project directory is the found file's folder: its name is the stack's
        var loaded = ComposeLoader.load(s.request());
        assertThat(loaded.stack().name()).isEqualTo("app");
        assertThat(loaded.stack().service("web").image()).isEqualTo("b");
        assertThat(loaded.files()).containsExactly(main, override);
    }

    @Test
    void withSeveralDefaultNamesTheFirstByComposesOrderIsUsedWithAWarning() throws IOException {
        write("compose.yml", "services: {web: {image: yml}}\n");
        write("docker-compose.yml", "services: {web: {image: old}}\n");
        Path preferred = write("compose.yaml", "services: {web: {image: yaml}}\n");
        var s = select(List.of(), tmp, Map.of());
        assertThat(s.request().files()).containsExactly(preferred);
        assertThat(s.warnings()).singleElement().asString().contains("found several compose files").endsWith("using " + preferred);
    }

    @Test
    void noFileFoundIsAnErrorNamingTheNames() {
        var s = select(List.of(), tmp, Map.of());
        assertThat(s.request()).isNull();
        assertThat(s.errors()).singleElement().asString().contains("no compose file found").contains("compose.yaml, compose.yml");
    }

    @Test
    void composeFileListsTheFilesWithItsSeparator() throws IOException {
        Path a = write("a.yaml", "services: {web: {image: a}}\n");
        Path b = write("b.yaml", "services: {web: {image: b}}\n");
        write("compose.yaml", "services: {web: {image: default}}\n");
        assertThat(select(List.of(), tmp, Map.of("COMPOSE_FILE", "a.yaml:b.yaml")).request().files()).containsExactly(a, b);
        assertThat(select(List.of(), tmp, Map.of("COMPOSE_FILE", "b.yaml;a.yaml", "COMPOSE_PATH_SEPARATOR", ";")).request().files())
                .containsExactly(b, a);
        // -f wins over COMPOSE_FILE
        assertThat(select(List.of(Path.of("b.yaml")), tmp, Map.of("COMPOSE_FILE", "a.yaml")).request().files()).containsExactly(b);
    }

    @Test
    void composeFileAndProfilesMayComeFromTheDotEnvFile() throws IOException {
        Path b = write("b.yaml", "services: {web: {image: b}, dbg: {image: d, profiles: [debug]}}\n");
        write(".env", "COMPOSE_FILE=b.yaml\nCOMPOSE_PROFILES=debug\n");
        var s = select(List.of(), tmp, Map.of());
        assertThat(s.request().files()).containsExactly(b);
        assertThat(s.request().profiles()).containsExactly("debug");
        assertThat(ComposeLoader.load(s.request()).stack().services()).containsOnlyKeys("web", "dbg");
        // the environment wins over .env
        assertThat(select(List.of(), tmp, Map.of("COMPOSE_PROFILES", "")).request().profiles()).isEmpty();
    }

    @Test
    void anErrorInALaterFileNamesThatFile() throws IOException {
        Path a = write("compose.yaml", "services:\n  web:\n    image: a\n");
        Path b = write("override.yaml", "services:\n  web:\n    ports: [\"99999:80\"]\n");
        var r = ComposeLoader.load(ProjectRequest.of(List.of(a, b)));
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("override.yaml");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.toString()).startsWith("services.web.ports[0] (override.yaml:3:13): ");
        });
    }

    @Test
    void relativePathsOfEveryFileStartAtTheProjectDirectory() throws IOException {
        Path a = write("app/compose.yaml", "services:\n  web:\n    image: a\n");
        Path b = write("elsewhere/override.yaml", "services:\n  web:\n    volumes: [\"./data:/data\"]\n");
        var stack = ComposeLoader.load(ProjectRequest.of(List.of(a, b))).orThrow();
        assertThat(stack.service("web").volumes().getFirst().source()).isEqualTo(tmp.resolve("app/data").toString());
        var other = ComposeLoader.load(ProjectRequest.of(List.of(a, b)).withProjectDirectory(tmp.resolve("elsewhere"))).orThrow();
        assertThat(other.name()).isEqualTo("elsewhere");
        assertThat(other.service("web").volumes().getFirst().source()).isEqualTo(tmp.resolve("elsewhere/data").toString());
    }
}
