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
}
