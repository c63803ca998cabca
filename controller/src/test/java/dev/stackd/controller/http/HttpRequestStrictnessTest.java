package dev.stackd.controller.http;

import static dev.stackd.controller.http.HttpStacksTest.WEB;
import static dev.stackd.controller.http.HttpStacksTest.WEB_V2;
import static dev.stackd.controller.http.HttpStacksTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.engine.EngineException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP details the RFCs fix: If-Match: *, strict UTF-8 bodies, 503 while the engine does not answer. */
@ExtendWith(ApiServerExtension.class)
class HttpRequestStrictnessTest {
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    @Test
    void ifMatchStarAppliesOnlyToAStackThatExists() {
        var missing = api.send("PUT", "/api/v1/stacks/demo", WEB, "application/yaml", Map.of("If-Match", "*"));
        assertThat(missing.statusCode()).isEqualTo(412);
        assertThat(json(missing).path("error").asText()).contains("does not exist");
        assertThat(api.store.list()).isEmpty();

        api.putYaml("demo", WEB);
        var existing = api.send("PUT", "/api/v1/stacks/demo", WEB_V2, "application/yaml", Map.of("If-Match", "*"));
        assertThat(existing.statusCode()).isEqualTo(200);
        assertThat(json(existing).path("generation").asLong()).isEqualTo(2);
    }

    @Test
    void aBodyThatIsNotUtf8Is422NamingTheByte() throws Exception {
        var body = new ByteArrayOutputStream();
        body.write("services:\n  web:\n    image: ngin".getBytes(StandardCharsets.UTF_8)); // 32 bytes
        body.write(0xFF);
        body.write("x\n".getBytes(StandardCharsets.UTF_8));

        var r = putBytes("/api/v1/stacks/demo", body.toByteArray());

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).path("error").asText()).contains("UTF-8").contains("byte 32");
        assertThat(json(r).path("details").get(0).path("line").asInt()).isEqualTo(3);
        assertThat(api.store.list()).isEmpty();
    }

    @Test
    void aTruncatedMultiByteCharacterAtTheEndIsRefusedToo() throws Exception {
        byte[] text = (WEB + "# caf\u00e9").getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(text, text.length - 1); // half of the é

        var r = putBytes("/api/v1/stacks/demo", cut);

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).path("error").asText()).contains("byte " + (cut.length - 1));
    }

    @Test
    void planAndDryRunAre503WithRetryAfterWhileTheEngineDoesNotAnswer() {
        api.putYaml("demo", WEB);
        api.backend.planFailure = new EngineException("the Docker engine is not answering (circuit open; retrying)", 0, null);

        var plan = api.get("/api/v1/stacks/demo/plan");
        var dryRun = api.put("/api/v1/stacks/demo?dryRun=true", WEB_V2, "application/yaml");

        for (var r : new HttpResponse[] {plan, dryRun}) {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(r).path("error").asText()).contains("engine is not answering")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void anEngineThatRefusesAPlanIs502() {
        api.putYaml("demo", WEB);
        api.backend.planFailure = new EngineException("list containers: server error", 500, null);

        var plan = api.get("/api/v1/stacks/demo/plan");

        assertThat(plan.statusCode()).isEqualTo(502);
        assertThat(json(plan).path("error").asText()).contains("server error");
    }

    private HttpResponse<String> putBytes(String path, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(api.uri(path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + ApiServer.TOKEN)
                .header("Content-Type", "application/yaml")
                .build();
        return api.client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
