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

/**
 * compose-go's .env and env_file tests that need files or a caller's environment, run through the loader:
 * {@code dotenv/godotenv_test.go} (TestLoadDoesNotOverride, TestActualEnvVarsAreLeftAlone, TestErrorReadDirectory,
 * TestGetEnvFromFile, TestMultipleFiles), {@code cli/options_test.go} (TestEnvVariablePrecedence) and
 * {@code loader/loader_test.go} (TestLoadServiceWithEnvFile).
 */
class DotEnvInTheLoaderTest {
    @TempDir
    Path tmp;

    private Path dir() throws IOException {
        return Files.createDirectories(tmp.resolve("myapp"));
    }

    private LoadResult load(String yaml, Map<String, String> env) throws IOException {
        return ComposeLoader.load(LoadRequest.ofText(yaml, dir()).withEnvironment(env));
    }

    private static final String SHOW = "services:\n  web:\n    image: x\n    labels:\n      foo: ${FOO-unset}\n      bar: ${BAR-unset}\n";

    /** options_test.go TestEnvVariablePrecedence "no value set in environment". */
    @Test
    void dotEnvExpandsItsOwnKeys() throws IOException {
        Files.writeString(dir().resolve(".env"), "FOO=foo\nBAR=${FOO}");
        assertThat(load(SHOW, Map.of()).stack().service("web").labels()).containsEntry("foo", "foo").containsEntry("bar", "foo");
    }

    /**
     * options_test.go TestEnvVariablePrecedence "conflict with value set in environment", godotenv_test.go
     * TestLoadDoesNotOverride and TestActualEnvVarsAreLeftAlone: the caller's environment wins, in expansions too.
     */
    @Test
    void theCallersEnvironmentWins() throws IOException {
        Files.writeString(dir().resolve(".env"), "FOO=foo\nBAR=${FOO}");
        assertThat(load(SHOW, Map.of("FOO", "zot")).stack().service("web").labels()).containsEntry("foo", "zot").containsEntry("bar", "zot");
        assertThat(load(SHOW, Map.of("FOO", "")).stack().service("web").labels()).containsEntry("foo", "").containsEntry("bar", "");
    }

    /** godotenv_test.go TestErrorReadDirectory, TestGetEnvFromFile: a .env that is a folder is not the default .env file. */
    @Test
    void aDotEnvFolderIsIgnored() throws IOException {
        Files.createDirectories(dir().resolve(".env"));
        assertThat(load(SHOW, Map.of()).errors()).isEmpty();
    }

    /** loader_test.go TestLoadServiceWithEnvFile: an env_file expands variables of the project's environment. */
    @Test
    void envFileExpandsTheProjectEnvironment() throws IOException {
        Files.writeString(dir().resolve("test.env"), "HALLO=$TEST");
        LoadResult r = load("services:\n  test:\n    image: x\n    env_file: test.env\n", Map.of("TEST", "YES"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.stack().service("test").environment()).containsEntry("HALLO", "YES");
    }

    /** godotenv_test.go TestMultipleFiles, as env_file entries: read in order, later files see earlier keys. */
    @Test
    void envFilesInOrder() throws IOException {
        Files.writeString(dir().resolve("base.env"), "\nENV_HOSTNAME=localhost\nENV_MY_URL=\"http://${ENV_HOSTNAME}\"\n");
        Files.writeString(dir().resolve("override.env"), "\nENV_HOSTNAME=dev.my-company.com\nENV_MY_URL=\"http://${ENV_HOSTNAME}\"\n");
        String yaml = "services:\n  web:\n    image: x\n    env_file: [base.env, override.env]\n";
        assertThat(load(yaml, Map.of()).stack().service("web").environment())
                .containsEntry("ENV_HOSTNAME", "dev.my-company.com").containsEntry("ENV_MY_URL", "http://dev.my-company.com");
        assertThat(load(yaml, Map.of("ENV_HOSTNAME", "host.local")).stack().service("web").environment())
                .containsEntry("ENV_HOSTNAME", "dev.my-company.com").containsEntry("ENV_MY_URL", "http://host.local");
    }
}
