package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stackd config}: the project as stackd reads it, as a compose file or as lists of names. */
class CliConfigTest {
    @TempDir
    Path tmp;
    private Path file;
    private final Cli cli = new Cli(Map.of("TAG", "1.27", "HOME", "/home/alice"));

    @BeforeEach
    void project() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("shop"));
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("web.env"), "MODE=prod\n");
        file = dir.resolve("compose.yaml");
        Files.writeString(file, """
                services:
                  web:
                    image: nginx:${TAG}
                    env_file: web.env
                    ports: ["8080:80"]
                    volumes: [./html:/usr/share/nginx/html:ro, data:/data]
                    networks: [front]
                  api:
                    build: ./api
                    depends_on: [web]
                volumes:
                  data:
                networks:
                  front:
                """);
    }

    @Test
    void printsTheResolvedProjectWhichLoadsAsTheSameStack() throws Exception {
        var r = cli.run("config", "-f", file.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("image: nginx:1.27").contains("MODE: prod").contains("published: \"8080\"")
                .contains("source: " + tmp.resolve("shop/html")).contains("name: shop_data");
        var original = ComposeLoader.load(LoadRequest.ofFile(file).withEnvironment(Map.of("TAG", "1.27"))).orThrow();
        var again = ComposeLoader.load(LoadRequest.ofText(r.out(), tmp)).orThrow();
        // envFiles aside (the printout carries their values), the same stack
        assertThat(withoutEnvFiles(again)).isEqualTo(withoutEnvFiles(original));
    }

    private static JsonNode withoutEnvFiles(StackSpec spec) {
        JsonNode tree = Json.read(Manifests.toCanonicalJson(spec));
        tree.path("services").forEach(s -> ((ObjectNode) s).remove("envFiles"));
        return tree;
    }

    @Test
    void printsJson() {
        var r = cli.run("config", "-f", file.toString(), "--format", "json");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("{").contains("\"image\" : \"nginx:1.27\"");
    }

    @Test
    void listsServicesVolumesNetworksImagesAndProfiles() {
        assertThat(cli.run("config", "-f", file.toString(), "--services").out()).isEqualTo("api\nweb\n");
        assertThat(cli.run("config", "-f", file.toString(), "--volumes").out()).isEqualTo("data\n");
        assertThat(cli.run("config", "-f", file.toString(), "--networks").out()).isEqualTo("default\nfront\n");
        assertThat(cli.run("config", "-f", file.toString(), "--images").out()).isEqualTo("shop-api\nnginx:1.27\n");
        var profiles = cli.run("config", "-f", file.toString(), "--profiles");
        assertThat(profiles.code()).isZero();
        assertThat(profiles.out()).isEmpty();
        assertThat(cli.run("config", "-f", file.toString(), "--services", "--volumes").code()).as("one listing at a time").isEqualTo(2);
    }

    @Test
    void withoutInterpolationPrintsTheVariables() {
        var r = cli.run("config", "-f", file.toString(), "--no-interpolate");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("image: \"nginx:${TAG}\"");
    }

    @Test
    void anInvalidFileGivesItsErrorsAndExitsOne() throws Exception {
        Files.writeString(file, "services:\n  web:\n    image: img\n    depends_on: [wbe]\n");

        var r = cli.run("config", "-f", file.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("services.web.depends_on[0]").contains("wbe");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThat(cli.run("config", "-f", tmp.resolve("none.yaml").toString()).err()).contains("none.yaml").contains("no such file");
    }

    /** The same loader as apply: several -f merged in order, the last name: names the project, --profile selects. */
    @Test
    void mergesSeveralFilesWithProfilesAsApplyDoes() throws Exception {
        Path override = Files.writeString(tmp.resolve("shop/override.yaml"), """
                name: renamed
                services:
                  web:
                    environment: {MODE: dev}
                  debug:
                    image: busybox
                    profiles: [tools]
                  admin:
                    image: busybox
                    profiles: [ops, tools]
                """);

        var plain = cli.run("config", "-f", file.toString(), "-f", override.toString(), "--services");
        assertThat(plain.err()).isEmpty();
        assertThat(plain.out()).isEqualTo("api\nweb\n");
        assertThat(cli.run("config", "-f", file.toString(), "-f", override.toString(), "--profile", "tools", "--services").out())
                .isEqualTo("admin\napi\ndebug\nweb\n");
        assertThat(cli.run("config", "-f", file.toString(), "-f", override.toString(), "--profiles").out()).isEqualTo("ops\ntools\n");
        var merged = cli.run("config", "-f", file.toString(), "-f", override.toString());
        assertThat(merged.out()).startsWith("name: renamed\n").contains("MODE: dev").contains("name: renamed_data");
    }

    /** compose v2 accepts version: and warns that it is obsolete; so does stackd, and the output has no version. */
    @Test
    void anObsoleteVersionIsAcceptedWithAWarning() throws Exception {
        Files.writeString(file, "version: \"3.8\"\nservices:\n  web: {image: nginx}\n");

        var r = cli.run("config", "-f", file.toString());

        assertThat(r.code()).isZero();
        assertThat(r.err()).isEqualTo("warning: " + file + ": the attribute `version` is obsolete, it will be ignored, please remove it"
                + " to avoid potential confusion\n");
        assertThat(r.out()).doesNotContain("version");
    }
}
