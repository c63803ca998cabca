package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.http.ApiServer;
import dev.stackd.controller.http.ApiServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ApiServerExtension.class)
class CliDiffTest {
    static final String WEB = """
            name: demo
            services:
              web:
                image: nginx:1.27
                environment:
                  MODE: prod
            """;

    @TempDir
    Path project;
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;
    Cli cli;
    Path file;

    @BeforeEach
    void start() throws Exception {
        cli = Cli.against(api.url(), ApiServer.TOKEN);
        file = Files.writeString(project.resolve("compose.yaml"), WEB);
    }

    @Test
    void anUnchangedFileHasNoChanges() {
        cli.run("apply", "-f", file.toString());

        var r = cli.run("diff", "-f", file.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("no changes\n");
    }

    @Test
    void printsEachChangedFieldAsOldToNew() throws Exception {
        cli.run("apply", "-f", file.toString());
        Files.writeString(file, WEB.replace("nginx:1.27", "nginx:1.28").replace("MODE: prod", "DEBUG: \"1\""));

        var r = cli.run("diff", "-f", file.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                "services.web.environment.DEBUG: <none> -> \"1\"",
                "services.web.environment.MODE: \"prod\" -> <none>",
                "services.web.image: \"nginx:1.27\" -> \"nginx:1.28\"");
        assertThat(api.store.get("demo").orElseThrow().generation()).isEqualTo(1);
    }

    @Test
    void aStackThatDoesNotExistYetIsSaidSo() {
        var r = cli.run("diff", "-f", file.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("stack demo does not exist yet: applying creates it\n");
    }
}
