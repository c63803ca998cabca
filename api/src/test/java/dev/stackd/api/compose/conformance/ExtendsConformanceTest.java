package dev.stackd.api.compose.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code extends}, case by case from compose-go's {@code loader/extends_test.go}, {@code loader/loader_test.go}
 * (TestLoadExtends*) and {@code loader/override_test.go} (TestOverrideMiddle, TestOverrideSelfExtends): each
 * project must give the stack of compose's result written as one file.
 */
class ExtendsConformanceTest {
    @TempDir
    Path tmp;

    /** loader_test.go TestLoadExtends / TestLoadExtendsOverrideCommand: same file, the extending service wins. */
    @Test
    void sameFileTheExtendingServiceMergesOverItsBase() {
        ProjectFixture p = new ProjectFixture(tmp);
        assertThat(p.merged("""
                services:
                  foo:
                    image: busybox
                    command: [echo, base]
                    environment: {A: "1"}
                  bar:
                    extends: foo
                    command: [echo, bar]
                    environment: {B: "2"}
                """)).isEqualTo(p.single("""
                services:
                  foo: {image: busybox, command: [echo, base], environment: {A: "1"}}
                  bar: {image: busybox, command: [echo, bar], environment: {A: "1", B: "2"}}
                """));
    }

    /** extends_test.go TestExtends / TestExtendsPort / TestExtendsUlimits: another file, several services from it. */
    @Test
    void anotherFileItsServicesTakenByName() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("common/base.yaml", """
                services:
                  base: {image: base, environment: {FROM: base}}
                  another: {image: another}
                  with-port: {image: p, ports: ["8000:8000"]}
                  withUlimits: {image: u, ulimits: {nproc: 65535}}
                """);
        assertThat(p.merged("""
                services:
                  test1: {extends: {file: common/base.yaml, service: base}, hostname: test1}
                  test2: {extends: {file: common/base.yaml, service: base}, hostname: test2}
                  test3: {extends: {file: common/base.yaml, service: another}, hostname: test3}
                  test4: {extends: {file: common/base.yaml, service: with-port}}
                  test5: {extends: {file: common/base.yaml, service: withUlimits}}
                """)).isEqualTo(p.single("""
                services:
                  test1: {image: base, environment: {FROM: base}, hostname: test1}
                  test2: {image: base, environment: {FROM: base}, hostname: test2}
                  test3: {image: another, hostname: test3}
                  test4: {image: p, ports: ["8000:8000"]}
                  test5: {image: u, ulimits: {nproc: 65535}}
                """));
    }

    /** extends_test.go TestExtendsRelativePath, TestLoadExtendsSameFile: the base file's paths start at its folder. */
    @Test
    void theBaseFilesRelativePathsStartAtItsOwnFolder() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("sub/compose.yaml", """
                services:
                  base:
                    build: {context: ..}
                    volumes: ["./data:/data"]
                    env_file: sub.env
                  service:
                    extends: base
                    build: {target: target}
                """);
        p.write("sub/sub.env", "FROM_SUB=1\n");
        assertThat(p.merged("""
                services:
                  out-base: {extends: {file: sub/compose.yaml, service: base}}
                  out-service: {extends: {file: sub/compose.yaml, service: service}}
                """)).isEqualTo(p.single("""
                services:
                  out-base: {build: {context: .}, volumes: ["./sub/data:/data"], env_file: sub/sub.env}
                  out-service: {build: {context: ., target: target}, volumes: ["./sub/data:/data"], env_file: sub/sub.env}
                """));
    }

    /** override_test.go TestOverrideMiddle: !override in the middle file of a chain of extends over two files. */
    @Test
    void overrideTagsApplyAtEachLevelOfAChain() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("base2.yaml", """
                services:
                  base:
                    image: test
                    volumes: ["/foo:/foo"]
                    networks: [foo]
                """);
        p.write("middle.yaml", """
                services:
                  override:
                    extends: {file: ./base2.yaml, service: base}
                    volumes: !override ["/bar:/bar"]
                    networks: !override [bar]
                """);
        assertThat(p.merged("""
                services:
                  test:
                    extends: {file: ./middle.yaml, service: override}
                    volumes: ["/zot:/zot"]
                    networks: !override [zot]
                networks: {zot: {}}
                """)).isEqualTo(p.single("""
                services:
                  test: {image: test, volumes: ["/bar:/bar", "/zot:/zot"], networks: [zot]}
                networks: {zot: {}}
                """));
    }

    /** override_test.go TestOverrideSelfExtends (ports left out: stackd refuses two services on one host port). */
    @Test
    void chainsInOneFileApplyTheirOverridesInOrder() {
        ProjectFixture p = new ProjectFixture(tmp);
        var stack = p.merged("""
                services:
                  depend_base: {image: nginx}
                  depend_one: {image: nginx}
                  depend_two: {extends: {service: depend_one}}
                  main_one: {image: nginx, depends_on: [depend_one]}
                  main_two:
                    extends: main_one
                    depends_on: !override [depend_two]
                  main:
                    extends: {service: main_two}
                    depends_on: [depend_base]
                """);
        assertThat(stack.service("main").dependsOn()).containsOnlyKeys("depend_base", "depend_two");
    }

    /** loader_test.go TestLoadExtendsWihReset / extends_test.go TestExtendsReset: !reset drops what the base set. */
    @Test
    void resetInTheExtendingServiceDropsTheBasesValue() {
        ProjectFixture p = new ProjectFixture(tmp);
        assertThat(p.merged("""
                services:
                  base: {image: a, command: [echo, base], environment: {A: "1", B: "2"}}
                  child:
                    extends: base
                    command: !reset []
                    environment:
                      A: !reset
                """)).isEqualTo(p.single("""
                services:
                  base: {image: a, command: [echo, base], environment: {A: "1", B: "2"}}
                  child: {image: a, environment: {B: "2"}}
                """));
    }

    /** extends_test.go TestExtendsWithInterpolation: the extended file is interpolated with the project's variables. */
    @Test
    void theExtendedFileIsInterpolated() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write(".env", "TAG=1.2\n");
        p.write("lib.yaml", "services: {base: {image: \"app:${TAG}\"}}\n");
        assertThat(p.merged("services: {web: {extends: {file: lib.yaml, service: base}}}\n").service("web").image()).isEqualTo("app:1.2");
    }

    /** extends_test.go TestExtendsWihtMissingService, and a service that is not in the file. */
    @Test
    void aMissingServiceIsAnErrorAtTheField() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("lib.yaml", "services: {base: {image: a}}\n");
        var errors = p.errors(List.of(), """
                services:
                  a: {image: x, extends: {file: lib.yaml}}
                  b: {extends: {file: lib.yaml, service: nope}}
                  c: {extends: ghost}
                """);
        assertThat(errors).extracting(e -> e.path() + ": " + e.message()).contains(
                "services.a.extends.service: extends needs the service to extend",
                "services.b.extends.file: cannot extend service \"nope\": no such service in lib.yaml",
                "services.c.extends.service: cannot extend service \"ghost\": no such service in this file");
    }

    /** loader.go cycleTracker: a cycle is refused, named, in one file and across files. */
    @Test
    void cyclesAreRefused() {
        ProjectFixture p = new ProjectFixture(tmp);
        p.write("other.yaml", "services: {y: {extends: {file: base.yaml, service: x}}}\n");
        var errors = p.errors(List.of(), """
                services:
                  a: {extends: b}
                  b: {extends: a}
                  self: {extends: self}
                  x: {extends: {file: other.yaml, service: y}}
                """);
        assertThat(errors).extracting(e -> e.path() + ": " + e.message()).contains(
                "services.b.extends: extends cycle: a -> b -> a",
                "services.self.extends: extends cycle: self -> self");
        assertThat(errors).anySatisfy(e -> assertThat(e.message()).startsWith("extends cycle: x -> y -> x"));
    }

    /** Over HTTP the server reads no file: extends with a file is an error naming the field; in one document it works. */
    @Test
    void aRemoteDocumentMayExtendOnlyInsideItself() {
        var remote = dev.stackd.api.compose.ComposeLoader.load(dev.stackd.api.compose.LoadRequest.remote("""
                name: r
                services:
                  base: {image: a}
                  web: {extends: base, hostname: w}
                  other: {image: b, extends: {file: /etc/lib.yaml, service: base}}
                """));
        assertThat(remote.errors()).extracting(e -> e.path()).containsExactly("services.other.extends.file");
        assertThat(remote.errors().getFirst().message()).contains("the server reads no file");
    }
}
