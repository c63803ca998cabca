package dev.stackd.api.compose.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code include}, from compose-go's {@code loader/include_test.go} and {@code loader/loader_test.go}
 * (TestLoadWithInclude, TestLoadWithIncludeCycle, TestLoadWithIncludeOverride).
 */
class IncludeConformanceTest {
    @TempDir
    Path tmp;

    /** loader_test.go TestLoadWithInclude: a path; the included project's paths start at its own folder. */
    @Test
    void anIncludedProjectsResourcesJoinTheStackWithItsPathsResolvedInItsFolder() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("lib/compose.yaml", """
                services:
                  included: {build: ., volumes: ["./data:/data"], networks: [backend]}
                networks: {backend: {}}
                volumes: {shared: {}}
                """);
        assertThat(p.merged("""
                include: [lib/compose.yaml]
                services:
                  web: {image: web, depends_on: [included], volumes: ["shared:/s"]}
                """)).isEqualTo(p.single("""
                services:
                  web: {image: web, depends_on: [included], volumes: ["shared:/s"]}
                  included: {build: ./lib, volumes: ["./lib/data:/data"], networks: [backend]}
                networks: {backend: {}}
                volumes: {shared: {}}
                """));
    }

    /** include_test.go TestIncludeWithProjectDirectory: the long form's project_directory is where paths start. */
    @Test
    void projectDirectoryIsWhereTheIncludedPathsStart() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("lib/compose.yaml", "services: {service: {build: ., env_file: ./extra.env}}\n");
        p.write("sub/extra.env", "X=1\n");
        assertThat(p.merged("""
                include:
                  - path: lib/compose.yaml
                    project_directory: sub
                """)).isEqualTo(p.single("""
                services: {service: {build: ./sub, env_file: ./sub/extra.env}}
                """));
    }

    /** include_test.go TestLoadWithIncludeEnv: env_file is the included project's alone, and wins over the parent's. */
    @Test
    void envFileIsForTheIncludedProjectOnly() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("custom.env", "VAR_NAME=value\nTAG=included\n");
        p.write("module/compose.yml", "services: {b: {image: \"b:${TAG}\", environment: [\"V=${VAR_NAME}\"]}}\n");
        p.write(".env", "TAG=parent\n");
        var stack = p.merged("""
                include:
                  - path: [./module/compose.yml]
                    env_file: [./custom.env]
                services:
                  a: {image: "a:${TAG}", environment: ["V=${VAR_NAME:-unset}"]}
                """);
        assertThat(stack.service("a").image()).isEqualTo("a:parent");
        assertThat(stack.service("a").environment()).containsEntry("V", "unset");
        assertThat(stack.service("b").image()).isEqualTo("b:included");
        assertThat(stack.service("b").environment()).containsEntry("V", "value");
    }

    /** include.go: without env_file, the .env of the included project's directory. */
    @Test
    void withoutEnvFileTheIncludedDirectorysDotEnv() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("lib/.env", "TAG=lib\n");
        p.write("lib/compose.yaml", "services: {b: {image: \"b:${TAG}\"}}\n");
        assertThat(p.merged("include: [lib/compose.yaml]\n").service("b").image()).isEqualTo("b:lib");
    }

    /** include_test.go TestLoadWithMultipleIncludeConflict: the including file's definition merges over the included one. */
    @Test
    void theIncludingFilesDefinitionMergesOverTheIncludedOne() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("lib.yaml", "services: {bar: {image: busybox, environment: [FOO=1], hostname: h}}\n");
        assertThat(p.merged("""
                include: [lib.yaml]
                services:
                  bar:
                    environment: !override [ZOT=QIX]
                """)).isEqualTo(p.single("""
                services: {bar: {image: busybox, environment: [ZOT=QIX], hostname: h}}
                """));
    }

    /** include_test.go TestLoadWithMultipleInclude: the same file included twice is no conflict. */
    @Test
    void theSameFileIncludedTwice() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("lib.yaml", "services: {imported: {image: i}}\n");
        assertThat(p.merged("include: [lib.yaml, {path: lib.yaml}]\nservices: {foo: {image: f, depends_on: [imported]}}\n")
                .services()).containsOnlyKeys("foo", "imported");
    }

    /** include_test.go TestNestedIncludeAndExtends, loader_test.go: includes nest; extends inside them start at their folder. */
    @Test
    void nestedIncludeAndExtends() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("dir/included.yaml", "services: {included: {extends: {file: dir/extended.yaml, service: extended}}}\n");
        p.write("dir/dir/extended.yaml", "services: {extended: {image: alpine}}\n");
        p.write("dir/more.yaml", "include: [deeper/compose.yaml]\n");
        p.write("dir/deeper/compose.yaml", "services: {deep: {image: deep}}\n");
        var stack = p.merged("include: [{path: dir/included.yaml}, dir/more.yaml]\n");
        assertThat(stack.service("included").image()).isEqualTo("alpine");
        assertThat(stack.services()).containsOnlyKeys("included", "deep");
        // the project's file first, then the files it reads, in order
        assertThat(p.load(List.of(), "include: [{path: dir/included.yaml}, dir/more.yaml]\n").files()).containsExactly(
                p.dir.resolve("base.yaml"), p.dir.resolve("dir/included.yaml"), p.dir.resolve("dir/dir/extended.yaml"),
                p.dir.resolve("dir/more.yaml"), p.dir.resolve("dir/deeper/compose.yaml"));
    }

    /** loader_test.go TestLoadWithIncludeCycle: refused, naming the chain. */
    @Test
    void aCycleIsRefused() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("a.yaml", "include: [b.yaml]\nservices: {a: {image: a}}\n");
        p.write("b.yaml", "include: [a.yaml]\nservices: {b: {image: b}}\n");
        var errors = p.errors(List.of(), "include: [a.yaml]\nservices: {web: {image: w}}\n");
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("include[0]");
            assertThat(e.message()).isEqualTo("include cycle: a.yaml -> b.yaml -> a.yaml");
            assertThat(e.file()).isEqualTo("b.yaml");
        });
    }

    /** A missing file is an error at its entry. */
    @Test
    void aMissingFileIsAnErrorAtItsEntry() {
        ProjectFixture p = new ProjectFixture(tmp);
        var errors = p.errors(List.of(), "include: [nope.yaml]\nservices: {web: {image: w}}\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("include[0]");
            assertThat(e.message()).endsWith("nope.yaml: no such file");
        });
    }

    /** Over HTTP the server reads no file: include is an error naming the field. */
    @Test
    void aRemoteDocumentCannotInclude() {
        var remote = dev.stackd.api.compose.ComposeLoader.load(dev.stackd.api.compose.LoadRequest.remote("""
                name: r
                include: [/etc/other.yaml]
                services: {web: {image: a}}
                """));
        assertThat(remote.errors()).extracting(e -> e.path()).containsExactly("include");
        assertThat(remote.errors().getFirst().message()).contains("the server reads no file");
    }
}
