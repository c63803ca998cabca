package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.ValidationError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote document (what the server loads): no folder, no home, no file of the host is opened. */
class RemoteDocumentTest {
    @TempDir
    Path tmp;

    private static List<ValidationError> errors(String yaml) {
        return ComposeLoader.load(LoadRequest.remote(yaml).withName("demo")).errors();
    }

    @Test
    void anExistingEnvFileIsNotRead() throws Exception {
        Path file = Files.writeString(tmp.resolve("secret.env"), "SECRET=server-side\n");

        var errors = errors("services:\n  web:\n    image: nginx\n    env_file: " + file + "\n");

        assertThat(errors).extracting(ValidationError::path).containsExactly("services.web.env_file");
        assertThat(errors.getFirst().message()).contains("client").doesNotContain("server-side");
    }

    @Test
    void relativeAndHomePathsAreErrorsAtTheirField() {
        var errors = errors("""
                services:
                  web:
                    image: nginx
                    volumes: ["./a:/a", "../../etc:/b", "~/c:/c", "/abs/../d:/d"]
                """);

        assertThat(errors).extracting(ValidationError::path)
                .containsExactly("services.web.volumes[0]", "services.web.volumes[1]", "services.web.volumes[2]");
    }

    @Test
    void absolutePathsAreKeptWithoutLookingAtTheDisk() {
        var result = ComposeLoader.load(LoadRequest.remote("""
                services:
                  web:
                    build: /nowhere/app
                    secrets: [key]
                secrets:
                  key: {file: /nowhere/key}
                """).withName("demo"));

        assertThat(result.errors()).isEmpty();
        assertThat(result.stack().service("web").build().context()).isEqualTo("/nowhere/app");
        assertThat(result.stack().secrets().get("key").file()).isEqualTo("/nowhere/key");
    }

    @Test
    void theHostCapabilityOfARemoteDocumentCannotRead() {
        var host = HostFiles.remote();

        assertThat(host.isLocal()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> host.read(tmp.resolve("x")))
                .isInstanceOf(IllegalStateException.class);
    }
}
