package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentFilesTest {
    @TempDir
    Path tmp;

    @Test
    void dotEnvBesideTheFileFeedsInterpolationAndTheCallerWins() throws Exception {
        Files.writeString(Load.dir(tmp).resolve(".env"), "TAG=1.25\nPORT=8080\n# comment\n");
        String yaml = """
                services:
                  web:
                    image: nginx:${TAG}
                    ports: ["${PORT}:80"]
                    environment:
                      PRICE: $$5
                """;
        var fromFile = Load.stack(tmp, yaml).service("web");
        assertThat(fromFile.image()).isEqualTo("nginx:1.25");
        assertThat(fromFile.ports().getFirst().published()).isEqualTo(8080);
        assertThat(fromFile.environment()).containsEntry("PRICE", "$5");
        assertThat(Load.stack(tmp, yaml, Map.of("TAG", "latest")).service("web").image()).isEqualTo("nginx:latest");
    }

    @Test
    void aMissingRequiredVariableIsAnErrorAtItsPath() {
        var errors = Load.errors(tmp, """
                services:
                  db:
                    image: mysql
                    environment:
                      MYSQL_ROOT_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}
                """);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("services.db.environment.MYSQL_ROOT_PASSWORD");
            assertThat(e.message()).isEqualTo("required variable DB_PASSWORD is missing a value: set DB_PASSWORD");
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.column()).isEqualTo(28);
        });
    }

    @Test
    void dotEnvParsing() throws Exception {
        assertThat(DotEnv.parse("A=1\nexport B=two words # trailing\nC=\"x\\ny\"\nD='$raw'\nBARE\nSET\n\n#x=y\n", Map.of("SET", "s")::get))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "two words"), Map.entry("C", "x\ny"), Map.entry("D", "$raw"),
                        Map.entry("SET", "s"));
    }

    @Test
    void dotEnvErrorsNameTheFileAndLine() throws Exception {
        Path dotEnv = Files.writeString(Load.dir(tmp).resolve(".env"), "A=1\n\nB=\"open\nC=2\n");
        assertThat(Load.errors(tmp, "services:\n  web:\n    image: x\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo(dotEnv + ": line 3: unterminated quoted value \"open"));
        Files.writeString(dotEnv, "A=${B:?set B}\n");
        assertThat(Load.errors(tmp, "services:\n  web:\n    image: x\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo(dotEnv + ": line 1: required variable B is missing a value: set B"));
    }

    @Test
    void envFileErrorsNameTheFileTheLineAndTheField() throws Exception {
        Path file = Files.writeString(Load.dir(tmp).resolve("web.env"), "# x\nGOOD=1\nBAD KEY=2\n");
        assertThat(Load.errors(tmp, "services:\n  web:\n    image: x\n    env_file: [web.env]\n")).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("services.web.env_file[0]");
            assertThat(e.message()).isEqualTo("env_file " + file + ": line 3: key cannot contain a space");
            assertThat(e.line()).isEqualTo(4);
        });
    }

    @Test
    void envFileValuesAsCompose() throws Exception {
        Files.writeString(Load.dir(tmp).resolve("web.env"), String.join("\r\n",
                "\uFEFFexport A=\"two\\nlines\" # comment",
                "B: '${LITERAL}'",
                "C=${FROM_PROJECT}-${FROM_SERVICE}-${A}",
                "MULTI=\"x",
                "y\"",
                "INHERITED",
                "MISSING",
                "EMPTY=",
                ""));
        var env = Load.stack(tmp, """
                services:
                  web:
                    image: x
                    env_file: web.env
                    environment:
                      FROM_SERVICE: svc
                """, Map.of("FROM_PROJECT", "proj", "INHERITED", "yes")).service("web").environment();
        assertThat(env).containsEntry("A", "two\nlines").containsEntry("B", "${LITERAL}").containsEntry("C", "proj-svc-two\nlines")
                .containsEntry("MULTI", "x\r\ny").containsEntry("INHERITED", "yes").containsEntry("EMPTY", "")
                .doesNotContainKey("MISSING").containsEntry("FROM_SERVICE", "svc");
    }

    @Test
    void composeDisableEnvFileSkipsDotEnv() throws Exception {
        Files.writeString(Load.dir(tmp).resolve(".env"), "TAG=fromfile\n");
        String yaml = "services:\n  web:\n    image: nginx:${TAG:-none}\n";
        assertThat(Load.stack(tmp, yaml, Map.of("COMPOSE_DISABLE_ENV_FILE", "true")).service("web").image()).isEqualTo("nginx:none");
        assertThat(Load.stack(tmp, yaml, Map.of("COMPOSE_DISABLE_ENV_FILE", "0")).service("web").image()).isEqualTo("nginx:fromfile");
        assertThat(Load.errors(tmp, yaml, Map.of("COMPOSE_DISABLE_ENV_FILE", "maybe"))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("COMPOSE_DISABLE_ENV_FILE=maybe"));
    }
}
