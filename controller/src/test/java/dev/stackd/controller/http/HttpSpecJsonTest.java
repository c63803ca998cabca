package dev.stackd.controller.http;

import static dev.stackd.controller.http.HttpStacksTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code application/vnd.stackd.spec+json} gets the validation a compose file gets (issue 9, defect 5): each body
 * here is the spec stackd itself stores for a small stack (applied as "demo", sent as "other"), with one thing a
 * probe got accepted.
 */
@ExtendWith(ApiServerExtension.class)
class HttpSpecJsonTest {
    static final String BASE = """
            services:
              web: {image: nginx, networks: [front]}
              db: {image: postgres}
            networks:
              front:
            volumes:
              data:
            """;
    static final String SPEC_JSON = "application/vnd.stackd.spec+json";

    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;
    ObjectNode base;

    @BeforeEach
    void start() {
        assertThat(api.putYaml("demo", BASE).statusCode()).isEqualTo(201);
        base = (ObjectNode) Json.read(api.store.get("demo").orElseThrow().specJson().replace("demo", "other"));
        api.backend.changed.clear();
    }

    private HttpResponse<String> send(Consumer<ObjectNode> change, String query) {
        ObjectNode spec = base.deepCopy();
        change.accept(spec);
        return api.put("/api/v1/stacks/other" + query, Json.write(Map.of("spec", spec)), SPEC_JSON);
    }

    private static ObjectNode service(ObjectNode spec, String name) {
        return (ObjectNode) spec.path("services").path(name);
    }

    private void assertRefusedAt(HttpResponse<String> r, String path) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(json(r).path("details")).extracting(d -> d.path("path").asText()).contains(path);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("dev.stackd").doesNotContain("java.");
        assertThat(api.store.get("other")).isEmpty();
        assertThat(api.backend.changed).isEmpty();
    }

    @Test
    void theStoredSpecItselfIsAccepted() {
        var r = send(spec -> { }, "");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Json.read(api.store.get("other").orElseThrow().specJson())).isEqualTo(base);
    }

    @Test
    void negativeReplicas() {
        assertRefusedAt(send(spec -> service(spec, "web").put("replicas", -1), ""), "services.web.replicas");
    }

    @Test
    void pathLikeNames() {
        assertRefusedAt(send(spec -> ((ObjectNode) spec.path("services"))
                .set("a/../../b", service(spec, "db").deepCopy().put("name", "a/../../b")), ""), "services.a/../../b");
    }

    @Test
    void dependencyCycles() {
        var r = send(spec -> {
            service(spec, "web").putObject("dependsOn").putObject("db").put("condition", "service_started").put("restart", false).put("required", true);
            service(spec, "db").putObject("dependsOn").putObject("web").put("condition", "service_started").put("restart", false).put("required", true);
        }, "");

        assertRefusedAt(r, "services.db.dependsOn");
        assertThat(r.body()).contains("dependency cycle");
    }

    @Test
    void undeclaredNetworksAndVolumes() {
        var r = send(spec -> {
            ((ObjectNode) service(spec, "web").path("networks")).putObject("ghost");
            service(spec, "db").putArray("volumes").addObject().put("type", "volume").put("source", "nowhere").put("target", "/d").put("readOnly", false);
        }, "");

        assertRefusedAt(r, "services.web.networks.ghost");
        assertRefusedAt(r, "services.db.volumes[0].source");
    }

    @Test
    void unknownFieldsAreErrorsNotDropped() {
        var r = send(spec -> service(spec, "web").put("privilegd", true), "");

        assertRefusedAt(r, "services.web.privilegd");
        assertThat(r.body()).contains("unknown field \\\"privilegd\\\"");
        assertRefusedAt(send(spec -> spec.put("extra", 1), ""), "extra");
    }

    @Test
    void nullsThatMadeEveryReconcileThrowAreErrorsWithTheirPath() {
        assertRefusedAt(send(spec -> service(spec, "web").putObject("dependsOn").putNull("db"), ""), "services.web.dependsOn.db");
        assertRefusedAt(send(spec -> ((ObjectNode) service(spec, "web").path("networks")).putNull("front"), ""), "services.web.networks.front");
        assertRefusedAt(send(spec -> ((ObjectNode) spec.path("networks")).putNull("front"), ""), "networks.front");
        assertRefusedAt(send(spec -> service(spec, "web").putArray("ports").addNull(), ""), "services.web.ports[0]");
        assertRefusedAt(send(spec -> service(spec, "web").putNull("replicas"), ""), "services.web.replicas");
        assertRefusedAt(send(spec -> ((ObjectNode) service(spec, "web").path("stackd")).putNull("backoffMax"), ""), "services.web.stackd.backoffMax");
    }

    @Test
    void aDryRunOfABrokenSpecIs422Not500() {
        var r = send(spec -> service(spec, "web").putObject("dependsOn").putNull("db"), "?dryRun=true");

        assertRefusedAt(r, "services.web.dependsOn.db");
    }

    @Test
    void typeMismatchesNameTheFieldAndNoJavaClass() {
        var r = send(spec -> service(spec, "web").put("replicas", "three"), "");

        assertRefusedAt(r, "services.web.replicas");
        JsonNode detail = json(r).path("details").get(0);
        assertThat(detail.path("message").asText()).isEqualTo("expected a whole number, got \"three\"");
    }
}
