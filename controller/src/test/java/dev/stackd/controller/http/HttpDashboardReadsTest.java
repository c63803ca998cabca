package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the dashboard reads beside the CLI's endpoints: the newest events, the spec as a compose file, a dry run's spec. */
@ExtendWith(ApiServerExtension.class)
class HttpDashboardReadsTest {
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    @Test
    void tailAnswersTheNewestEventsOldestFirstOfOneStackOrAll() {
        for (int i = 1; i <= 6; i++) {
            api.store.record(EventDraft.normal("a", "web", ObjectRef.container("a-web-1"), "R" + i, "a " + i));
            api.store.record(EventDraft.normal("b", "web", ObjectRef.container("b-web-1"), "R" + i, "b " + i));
        }

        var ofA = HttpStacksTest.json(api.get("/api/v1/events?stack=a&tail=3"));
        var ofAll = HttpStacksTest.json(api.get("/api/v1/events?tail=2"));
        var afterSince = HttpStacksTest.json(api.get("/api/v1/events?stack=a&tail=50&since=" + ofA.get(0).path("seq").asLong()));

        assertThat(messages(ofA)).containsExactly("a 4", "a 5", "a 6");
        assertThat(messages(ofAll)).containsExactly("a 6", "b 6");
        assertThat(messages(afterSince)).containsExactly("a 5", "a 6");
    }

    @Test
    void tailIsRangeCheckedAndGoesWithNeitherLimitNorWatch() {
        for (String query : new String[] {"tail=0", "tail=5001", "tail=x", "tail=5&limit=5", "tail=5&watch=true"}) {
            var r = api.get("/api/v1/events?" + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(HttpStacksTest.json(r).path("error").asText()).as(query).contains("tail");
        }
    }

    @Test
    void theComposeFileOfTheAppliedSpecAppliesBackUnchanged() {
        api.putYaml("demo", """
                services:
                  web:
                    image: nginx:1.27
                    environment: {PRICE: "$$5"}
                    ports: ["8080:80"]
                """);

        var compose = api.get("/api/v1/stacks/demo/compose");
        var again = api.putYaml("demo", compose.body());

        assertThat(compose.statusCode()).isEqualTo(200);
        assertThat(compose.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        assertThat(compose.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(compose.body()).contains("nginx:1.27").contains("$$5");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(HttpStacksTest.json(again).path("changed").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/stacks/nope/compose").statusCode()).isEqualTo(404);
    }

    @Test
    void aDryRunAnswersTheSpecItReadSoTheChangeCanBeShownFieldByField() {
        api.putYaml("demo", HttpStacksTest.WEB);

        var dry = api.put("/api/v1/stacks/demo?dryRun=true", HttpStacksTest.WEB_V2, "application/yaml");
        JsonNode stored = HttpStacksTest.json(api.get("/api/v1/stacks/demo")).path("spec");

        assertThat(dry.statusCode()).isEqualTo(200);
        JsonNode spec = HttpStacksTest.json(dry).path("spec");
        assertThat(spec.path("services").path("web").path("image").asText()).isEqualTo("nginx:1.28");
        assertThat(stored.path("services").path("web").path("image").asText()).isEqualTo("nginx:1.27");
        // the same shape as the stored spec: only the changed field differs
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec.path("services").path("web")).put("image", "nginx:1.27");
        assertThat(spec).isEqualTo(stored);
    }

    private static List<String> messages(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.path("message").asText()));
        return out;
    }
}
