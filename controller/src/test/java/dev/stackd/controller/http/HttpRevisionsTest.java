package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.observe.RolloutHold;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /stacks/{name}/revisions}, {@code /rollback} and {@code /rollout/resume}. */
@ExtendWith(ApiServerExtension.class)
class HttpRevisionsTest {
    ApiServer api;

    private static String web(String tag) {
        return HttpStacksTest.WEB.replace("nginx:1.27", "nginx:" + tag);
    }

    private HttpResponse<String> post(String path, String body) {
        return api.send("POST", path, body, body == null ? null : "application/json", Map.of());
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Json.read(r.body());
    }

    @Test
    void theRevisionsAreListedNewestFirstWithTheirOutcomeAndChangedServices() {
        api.putYaml("demo", web("1.27"));
        api.putYaml("demo", web("1.28"));

        var r = api.get("/api/v1/stacks/demo/revisions");

        assertThat(r.statusCode()).isEqualTo(200);
        var list = json(r);
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).path("generation").asLong()).isEqualTo(2);
        assertThat(list.get(0).path("current").asBoolean()).isTrue();
        assertThat(list.get(0).path("outcome").asText()).isEqualTo("Progressing");
        assertThat(list.get(0).path("changed").toString()).isEqualTo("[\"web\"]");
        assertThat(list.get(0).has("spec")).isFalse();
        assertThat(list.get(1).path("outcome").asText()).isEqualTo("Superseded");
        assertThat(Instant.parse(list.get(1).path("appliedAt").asText())).isNotNull();

        var one = json(api.get("/api/v1/stacks/demo/revisions/1"));
        assertThat(one.path("spec").path("services").path("web").path("image").asText()).isEqualTo("nginx:1.27");
        assertThat(one.path("source").asText()).isEqualTo(web("1.27"));
        assertThat(api.get("/api/v1/stacks/demo/revisions/7").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/stacks/nope/revisions").statusCode()).isEqualTo(404);
    }

    @Test
    void aRollbackWithoutABodyAppliesThePreviousRevisionAsANewGeneration() {
        api.putYaml("demo", web("1.27"));
        api.putYaml("demo", web("1.28"));
        api.backend.changed.clear();

        var r = post("/api/v1/stacks/demo/rollback", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("generation").asLong()).isEqualTo(3);
        assertThat(json(r).path("toGeneration").asLong()).isEqualTo(1);
        assertThat(json(r).path("changed").asBoolean()).isTrue();
        var stored = api.store.get("demo").orElseThrow();
        assertThat(Json.read(stored.specJson()).path("services").path("web").path("image").asText()).isEqualTo("nginx:1.27");
        assertThat(stored.sourceText()).isEqualTo(web("1.27"));
        assertThat(api.backend.changed).containsExactly("demo");
    }

    @Test
    void aRollbackToAGenerationSkipsNothingAndHonoursIfMatch() {
        api.putYaml("demo", web("1.27"));
        api.putYaml("demo", web("1.28"));
        api.putYaml("demo", web("1.29"));

        var stale = api.send("POST", "/api/v1/stacks/demo/rollback", "{\"toGeneration\": 2}", "application/json", Map.of("If-Match", "\"2\""));
        assertThat(stale.statusCode()).isEqualTo(409);
        var ok = api.send("POST", "/api/v1/stacks/demo/rollback", "{\"toGeneration\": 2}", "application/json", Map.of("If-Match", "\"3\""));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).path("generation").asLong()).isEqualTo(4);
        assertThat(Json.read(api.store.get("demo").orElseThrow().specJson()).path("services").path("web").path("image").asText())
                .isEqualTo("nginx:1.28");
    }

    @Test
    void theDefaultSkipsARevisionThatRolledBack() {
        api.putYaml("demo", web("1.27"));
        api.putYaml("demo", web("1.28"));
        api.putYaml("demo", web("1.29"));
        api.store.holdRollout("demo", RolloutHold.rollback("web", 3, "demo-web-1 exited (code 1)", 2, Instant.now()));
        api.putYaml("demo", web("1.30")); // 4; 3 rolled back

        var r = post("/api/v1/stacks/demo/rollback", "{}");

        assertThat(json(r).path("toGeneration").asLong()).isEqualTo(2);
    }

    @Test
    void aMissingStackIs404AnUnknownOrPrunedGenerationIs409() {
        assertThat(post("/api/v1/stacks/nope/rollback", null).statusCode()).isEqualTo(404);
        api.putYaml("demo", web("1.27"));

        var none = post("/api/v1/stacks/demo/rollback", null);
        assertThat(none.statusCode()).isEqualTo(409);
        assertThat(json(none).path("error").asText()).contains("no revision before generation 1");
        var unknown = post("/api/v1/stacks/demo/rollback", "{\"toGeneration\": 5}");
        assertThat(unknown.statusCode()).isEqualTo(409);
        assertThat(json(unknown).path("error").asText()).contains("keeps no revision 5");
    }

    @Test
    void aBadBodyIs422WithTheFieldPath() {
        api.putYaml("demo", web("1.27"));
        api.putYaml("demo", web("1.28"));

        for (var body : Map.of("{\"toGeneration\": 0}", "toGeneration", "{\"toGeneration\": \"2\"}", "toGeneration",
                "{\"toGeneration\": 1.5}", "toGeneration", "{\"to\": 1}", "to", "[1]", "", "not json", "").entrySet()) {
            var r = post("/api/v1/stacks/demo/rollback", body.getKey());
            assertThat(r.statusCode()).as(body.getKey()).isEqualTo(422);
            assertThat(json(r).path("details").get(0).path("path").asText()).as(body.getKey()).isEqualTo(body.getValue());
        }
        assertThat(api.store.get("demo").orElseThrow().generation()).isEqualTo(2);
    }

    @Test
    void aRollbackToASpecWhosePortAnotherStackTookSinceIs409() {
        api.putYaml("demo", web("1.27"));
        api.putYaml("demo", web("1.28").replace("8080:80", "8081:80"));
        api.putYaml("other", web("1.27")); // takes 8080 now

        var r = post("/api/v1/stacks/demo/rollback", null);

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).path("details").toString()).contains("host port 8080/tcp");
        assertThat(api.store.get("demo").orElseThrow().generation()).isEqualTo(2);
    }

    @Test
    void resumeDropsTheStoredPausesAndAsksForAReconcile() {
        api.putYaml("demo", web("1.27"));
        api.putYaml("demo", web("1.28"));
        api.store.holdRollout("demo", RolloutHold.pause("web", 2, "demo-web-1 exited (code 1)", Instant.now()));
        api.backend.changed.clear();

        var r = post("/api/v1/stacks/demo/rollout/resume", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("resumed").toString()).isEqualTo("[\"web\"]");
        assertThat(api.store.rolloutState("demo", 2).holds()).isEmpty();
        assertThat(api.backend.changed).containsExactly("demo");
        assertThat(post("/api/v1/stacks/nope/rollout/resume", null).statusCode()).isEqualTo(404);
    }
}
