package dev.stackd.controller.http;

import static dev.stackd.controller.http.HttpStacksTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A compose file sent over raw HTTP names files on the client's host: the server resolves none of its relative or
 * "~" paths and opens none of its files (issue 9, defect 4). Each body here is one a probe stored or read.
 */
@ExtendWith(ApiServerExtension.class)
class HttpHostilePathsTest {
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    private HttpResponse<String> put(String service) {
        return api.putYaml("demo", "services:\n  web:\n    image: nginx\n" + service.indent(4));
    }

    private void assertRefusedAt(HttpResponse<String> r, String path) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode details = json(r).path("details");
        assertThat(details).extracting(d -> d.path("path").asText()).contains(path);
        assertThat(api.store.list()).isEmpty();
        assertThat(api.backend.changed).isEmpty();
    }

    @Test
    void aRelativeBindThatClimbsOutOfTheBaseIsRefusedNotStoredAsABindOfEtc() {
        var r = put("volumes: [\"../../etc:/x\"]");

        assertRefusedAt(r, "services.web.volumes[0]");
        assertThat(json(r).path("details").get(0).path("message").asText()).contains("relative paths");
    }

    @Test
    void aRelativeBindInTheLongSyntaxIsRefused() {
        assertRefusedAt(put("volumes: [{type: bind, source: ../../etc, target: /x}]"), "services.web.volumes[0].source");
    }

    @Test
    void theServersHomeIsNotTheClients() {
        var short_ = put("volumes: [\"~/.ssh:/x\"]");
        assertRefusedAt(short_, "services.web.volumes[0]");
        assertThat(json(short_).path("details").get(0).path("message").asText()).contains("~");
        assertRefusedAt(put("volumes: [\"~:/x\"]"), "services.web.volumes[0]");
    }

    @Test
    void envFileOfTheDaemonsOwnEnvironmentIsNeverRead() {
        var r = put("env_file: /proc/self/environ");

        assertRefusedAt(r, "services.web.env_file");
        assertThat(r.body()).doesNotContain("PATH=").doesNotContain(System.getenv("PATH"));
    }

    @Test
    void envFileOfTheTokenIsNeverRead() throws Exception {
        Path token = Files.writeString(api.dataDir.resolve("token"), "API_TOKEN=" + ApiServer.TOKEN + "\n");

        var r = put("env_file: [{path: " + token + ", required: false}]");

        assertRefusedAt(r, "services.web.env_file[0]");
        assertThat(r.body()).doesNotContain(ApiServer.TOKEN);
    }

    @Test
    void secretAndConfigFilesStayBindSourcesAndAreNotLookedAt() {
        String yaml = """
                services:
                  web:
                    image: nginx
                    secrets: [key]
                    configs: [conf]
                secrets:
                  key: {file: /client/only/key.pem}
                configs:
                  conf: {file: ./nginx.conf}
                """;

        var relative = api.putYaml("demo", yaml);
        assertRefusedAt(relative, "configs.conf.file");

        var absolute = api.putYaml("demo", yaml.replace("./nginx.conf", "/client/only/nginx.conf"));
        assertThat(absolute.statusCode()).as(absolute.body()).isEqualTo(201);
        JsonNode spec = Json.read(api.store.get("demo").orElseThrow().specJson());
        assertThat(spec.path("secrets").path("key").path("file").asText()).isEqualTo("/client/only/key.pem");
        assertThat(spec.path("configs").path("conf").path("file").asText()).isEqualTo("/client/only/nginx.conf");
    }

    @Test
    void aRelativeBuildContextIsRefusedAndAnAbsoluteOneIsHandedOnUnchecked() {
        var r = api.putYaml("demo", "services:\n  app:\n    build: .\n");
        assertRefusedAt(r, "services.app.build");

        var absolute = api.putYaml("demo", "services:\n  app:\n    build: {context: /client/src/app}\n");
        assertThat(absolute.statusCode()).as(absolute.body()).isEqualTo(201);
        assertThat(Json.read(api.store.get("demo").orElseThrow().specJson()).path("services").path("app")
                .path("build").path("context").asText()).isEqualTo("/client/src/app");
    }

    @Test
    void anAbsolutePathIsKeptAsTheUserMeantIt() {
        var r = put("volumes: [\"/srv/data/../www:/usr/share/nginx/html:ro\"]");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode mount = Json.read(api.store.get("demo").orElseThrow().specJson()).path("services").path("web").path("volumes").get(0);
        assertThat(mount.path("source").asText()).isEqualTo("/srv/www");
    }
}
