package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.store.StackRecord;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiServerExtension.class)
class HttpStacksTest {
    static final String WEB = """
            services:
              web:
                image: nginx:1.27
                ports: ["8080:80"]
            """;
    static final String WEB_V2 = """
            services:
              web:
                image: nginx:1.28
                ports: ["8080:80"]
            """;

    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    @Test
    void firstApplyCreatesAtGenerationOneAndAsksForAReconcile() {
        var r = api.putYaml("demo", WEB);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).path("name").asText()).isEqualTo("demo");
        assertThat(json(r).path("generation").asLong()).isEqualTo(1);
        assertThat(json(r).path("created").asBoolean()).isTrue();
        assertThat(json(r).path("changed").asBoolean()).isTrue();
        assertThat(api.backend.changed).containsExactly("demo");
        StackRecord stored = api.store.get("demo").orElseThrow();
        assertThat(stored.sourceText()).isEqualTo(WEB);
        assertThat(Json.read(stored.specJson()).path("services").path("web").path("image").asText()).isEqualTo("nginx:1.27");
    }

    @Test
    void reapplyingTheSameSpecKeepsTheGenerationAndAChangedSpecGrowsIt() {
        api.putYaml("demo", WEB);

        var same = api.putYaml("demo", WEB);
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(json(same).path("generation").asLong()).isEqualTo(1);
        assertThat(json(same).path("changed").asBoolean()).isFalse();

        var changed = api.putYaml("demo", WEB_V2);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(changed).path("generation").asLong()).isEqualTo(2);
        assertThat(json(changed).path("created").asBoolean()).isFalse();
        assertThat(json(changed).path("changed").asBoolean()).isTrue();
    }

    @Test
    void aHostPortAnotherStackPublishesIs409NamingIt() {
        assertThat(api.putYaml("shop", WEB).statusCode()).isEqualTo(201);

        var r = api.putYaml("blog", WEB.replace("8080:80", "127.0.0.1:8080:80"));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).path("details").toString()).contains("services.web.ports[0]")
                .contains("host port 8080/tcp on 127.0.0.1 is stack shop's (service web)");
        assertThat(api.store.get("blog")).isEmpty();
    }

    @Test
    void acceptsEveryYamlContentTypeAndJsonComposeFiles() {
        assertThat(api.put("/api/v1/stacks/a", WEB, "application/x-yaml").statusCode()).isEqualTo(201);
        // another port: a host port is one stack's (see aHostPortAnotherStackPublishesIs409NamingIt)
        assertThat(api.put("/api/v1/stacks/b", WEB.replace("8080:80", "8081:80"), "text/yaml; charset=utf-8").statusCode()).isEqualTo(201);
        var r = api.put("/api/v1/stacks/c", "{\"services\":{\"web\":{\"image\":\"redis:7\"}}}", "application/json");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(api.store.list()).extracting(StackRecord::name).containsExactly("a", "b", "c");
    }

    @Test
    void theNameInTheUrlWinsOverTheFilesName() {
        var r = api.putYaml("fromurl", "name: fromfile\n" + WEB);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(api.store.get("fromfile")).isEmpty();
        assertThat(Json.read(api.store.get("fromurl").orElseThrow().specJson()).path("name").asText()).isEqualTo("fromurl");
    }

    @Test
    void anInvalidStackNameIs422() {
        var r = api.putYaml("Bad.Name", WEB);

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).path("details").get(0).path("path").asText()).isEqualTo("name");
        assertThat(api.store.list()).isEmpty();
    }

    @Test
    void validationErrorsAre422WithEveryErrorItsPathAndLineColumn() {
        String yaml = """
                services:
                  web:
                    image: nginx
                    ports: ["99999:80"]
                  db:
                    restart: sometimes
                """;
        var r = api.putYaml("demo", yaml);

        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode details = json(r).path("details");
        assertThat(details.size()).isGreaterThanOrEqualTo(2);
        assertThat(details).anySatisfy(d -> {
            assertThat(d.path("path").asText()).startsWith("services.web.ports");
            assertThat(d.path("line").asInt()).isEqualTo(4);
            assertThat(d.path("column").asInt()).isPositive();
        });
        assertThat(details).anySatisfy(d -> assertThat(d.path("path").asText()).startsWith("services.db"));
        assertThat(api.store.list()).isEmpty();
        assertThat(api.backend.changed).isEmpty();
    }

    @Test
    void relativePathsAreRefusedWithTheFieldPath() {
        String yaml = """
                services:
                  web:
                    image: nginx
                    volumes: ["./html:/usr/share/nginx/html"]
                """;
        var r = api.putYaml("demo", yaml);

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).path("details").get(0).path("path").asText()).startsWith("services.web.volumes[0]");
        assertThat(json(r).path("details").get(0).path("message").asText()).contains("relative paths");
        assertThat(api.store.list()).isEmpty();
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        String big = WEB + "# " + "x".repeat((int) HttpOptions.MIB) + "\n";
        var r = api.putYaml("demo", big);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).contains("larger than");
        assertThat(api.store.list()).isEmpty();
    }

    @Test
    void otherContentTypesAre415() {
        var r = api.put("/api/v1/stacks/demo", WEB, "text/plain");

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(json(r).path("error").asText()).contains("Content-Type");
        assertThat(api.store.list()).isEmpty();
    }

    @Test
    void aStaleIfMatchIs409AndACurrentOneApplies() {
        api.putYaml("demo", WEB);
        api.putYaml("demo", WEB_V2);

        var stale = api.send("PUT", "/api/v1/stacks/demo", WEB, "application/yaml", Map.of("If-Match", "1"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).path("error").asText()).contains("generation 2");

        var current = api.send("PUT", "/api/v1/stacks/demo", WEB, "application/yaml", Map.of("If-Match", "\"2\""));
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(json(current).path("generation").asLong()).isEqualTo(3);
    }

    @Test
    void ifMatchZeroMeansTheStackMustNotExistYet() {
        var created = api.send("PUT", "/api/v1/stacks/demo", WEB, "application/yaml", Map.of("If-Match", "0"));
        var again = api.send("PUT", "/api/v1/stacks/demo", WEB, "application/yaml", Map.of("If-Match", "0"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void aMalformedIfMatchIs400() {
        var r = api.send("PUT", "/api/v1/stacks/demo", WEB, "application/yaml", Map.of("If-Match", "yesterday"));

        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void applyingAStackBeingDeletedIs409() {
        api.putYaml("demo", WEB);
        api.send("DELETE", "/api/v1/stacks/demo", null, null, Map.of());

        assertThat(api.putYaml("demo", WEB_V2).statusCode()).isEqualTo(409);
    }

    @Test
    void aDryRunAnswersThePlanAndStoresNothing() {
        var r = api.put("/api/v1/stacks/demo?dryRun=true", WEB, "application/yaml");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("plan").asText()).contains("pull image nginx:1.27: missing");
        JsonNode op = json(r).path("operations").get(0);
        assertThat(op.path("verb").asText()).isEqualTo("pull");
        assertThat(op.path("target").asText()).isEqualTo("image nginx:1.27");
        assertThat(op.path("cause").asText()).isEqualTo("missing");
        assertThat(op.path("service").asText()).isEqualTo("web");
        assertThat(api.store.list()).isEmpty();
        assertThat(api.backend.changed).isEmpty();
    }

    @Test
    void aNormalisedSpecIsAcceptedWithItsSourceText() {
        String spec = api.store.get("x").map(StackRecord::specJson).orElse(null);
        assertThat(spec).isNull();
        api.putYaml("template", WEB);
        // its network and host port too: template_default and 8080 are stack template's, demo may not claim them
        String canonical = api.store.get("template").orElseThrow().specJson().replace("template", "demo")
                .replace("\"published\":8080", "\"published\":8081");
        String envelope = Json.write(Map.of("spec", Json.read(canonical), "source", "# my file\n" + WEB));

        var r = api.put("/api/v1/stacks/demo", envelope, "application/vnd.stackd.spec+json");

        assertThat(r.statusCode()).isEqualTo(201);
        StackRecord stored = api.store.get("demo").orElseThrow();
        assertThat(stored.sourceText()).isEqualTo("# my file\n" + WEB);
        assertThat(Json.read(stored.specJson())).isEqualTo(Json.read(canonical));
    }

    @Test
    void aSentSpecForAnotherStackOrWithoutImagesIs422() {
        api.putYaml("template", WEB);
        String canonical = api.store.get("template").orElseThrow().specJson();
        var otherName = api.put("/api/v1/stacks/demo", Json.write(Map.of("spec", Json.read(canonical))),
                "application/vnd.stackd.spec+json");
        var withoutImage = (com.fasterxml.jackson.databind.node.ObjectNode) Json.read(canonical.replace("\"template\"", "\"demo\""));
        ((com.fasterxml.jackson.databind.node.ObjectNode) withoutImage.path("services").path("web")).remove("image");
        var noImage = api.put("/api/v1/stacks/demo", Json.write(Map.of("spec", withoutImage)), "application/vnd.stackd.spec+json");

        assertThat(otherName.statusCode()).isEqualTo(422);
        assertThat(json(otherName).path("details").get(0).path("path").asText()).isEqualTo("name");
        assertThat(noImage.statusCode()).isEqualTo(422);
        assertThat(json(noImage).path("details").get(0).path("path").asText()).isEqualTo("services.web");
        assertThat(api.store.get("demo")).isEmpty();
    }

    @Test
    void getAnswersSpecGenerationStatusAndTheGenerationAsETag() {
        api.putYaml("demo", WEB);
        api.store.setStatus("demo", 1, """
                {"observedGeneration":1,"conditions":[{"type":"Ready","status":"True","reason":"AllRunning"}],
                 "services":[{"name":"web","desired":1,"running":1,"healthy":null}]}""");

        var r = api.get("/api/v1/stacks/demo");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).contains("\"1\"");
        JsonNode body = json(r);
        assertThat(body.path("generation").asLong()).isEqualTo(1);
        assertThat(body.path("observedGeneration").asLong()).isEqualTo(1);
        assertThat(body.path("spec").path("services").path("web").path("image").asText()).isEqualTo("nginx:1.27");
        assertThat(body.path("status").path("conditions").get(0).path("reason").asText()).isEqualTo("AllRunning");
        assertThat(body.path("summary").path("ready").asText()).isEqualTo("True");
        assertThat(body.path("summary").path("servicesReady").asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownStackIs404() {
        var r = api.get("/api/v1/stacks/nope");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("error").asText()).isEqualTo("stack nope not found");
        assertThat(json(r).path("details").isArray()).isTrue();
    }

    @Test
    void listShowsEveryStackWithItsStatusSummary() {
        api.putYaml("alpha", WEB);
        api.putYaml("beta", WEB.replace("8080:80", "8081:80"));
        api.store.setStatus("beta", 1, "{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"BackOff\"}],"
                + "\"services\":[{\"name\":\"web\",\"desired\":2,\"running\":1}]}");

        JsonNode list = json(api.get("/api/v1/stacks"));

        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).path("name").asText()).isEqualTo("alpha");
        assertThat(list.get(0).path("summary").path("ready").asText()).isEqualTo("Unknown");
        assertThat(list.get(0).path("status").isNull()).isTrue();
        assertThat(list.get(1).path("summary").path("ready").asText()).isEqualTo("False");
        assertThat(list.get(1).path("summary").path("reason").asText()).isEqualTo("BackOff");
        assertThat(list.get(1).path("summary").path("servicesTotal").asInt()).isEqualTo(1);
        assertThat(list.get(1).path("summary").path("servicesReady").asInt()).isZero();
        assertThat(list.get(1).has("spec")).isFalse();
    }

    @Test
    void deleteIs202MarksTheStackAndAsksForAReconcile() {
        api.putYaml("demo", WEB);
        api.backend.changed.clear();

        var r = api.send("DELETE", "/api/v1/stacks/demo?volumes=true", null, null, Map.of());

        assertThat(r.statusCode()).isEqualTo(202);
        StackRecord stored = api.store.get("demo").orElseThrow();
        assertThat(stored.deleting()).isTrue();
        assertThat(stored.deleteVolumes()).isTrue();
        assertThat(api.backend.changed).containsExactly("demo");
        assertThat(json(api.get("/api/v1/stacks/demo")).path("deleting").asBoolean()).isTrue();
    }

    @Test
    void deleteWithoutVolumesKeepsThem() {
        api.putYaml("demo", WEB);

        assertThat(api.send("DELETE", "/api/v1/stacks/demo", null, null, Map.of()).statusCode()).isEqualTo(202);
        assertThat(api.store.get("demo").orElseThrow().deleteVolumes()).isFalse();
    }

    @Test
    void deletingAnUnknownStackIs404() {
        assertThat(api.send("DELETE", "/api/v1/stacks/nope", null, null, Map.of()).statusCode()).isEqualTo(404);
        assertThat(api.backend.changed).isEmpty();
    }

    @Test
    void planAnswersTheBackendsPlanAsTextAndOperations() {
        api.putYaml("demo", WEB);

        var r = api.get("/api/v1/stacks/demo/plan");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("plan").asText()).isEqualTo("""
                plan for stack demo
                service web:
                  start container demo-web-1: exited (code 1)
                """);
        assertThat(json(r).path("operations").get(0).path("verb").asText()).isEqualTo("start");
        assertThat(api.get("/api/v1/stacks/nope/plan").statusCode()).isEqualTo(404);
    }

    @Test
    void restartStoresARequestAnswers202WithItsTimeAndEnqueuesTheStack() {
        api.putYaml("demo", WEB);
        api.backend.changed.clear();

        var ok = api.send("POST", "/api/v1/stacks/demo/services/web/restart", null, null, Map.of());

        assertThat(ok.statusCode()).isEqualTo(202);
        var requested = java.time.Instant.parse(json(ok).path("requestedAt").asText());
        assertThat(json(ok).path("service").asText()).isEqualTo("web");
        // only recorded: the reconcile of the stack carries it out
        assertThat(api.store.restartRequests("demo")).isEqualTo(Map.of("web", requested));
        assertThat(api.backend.changed).containsExactly("demo");
    }

    @Test
    void aLaterRestartReplacesTheEarlierRequest() throws InterruptedException {
        api.putYaml("demo", WEB);
        var first = java.time.Instant.parse(json(api.send("POST", "/api/v1/stacks/demo/services/web/restart", null, null, Map.of()))
                .path("requestedAt").asText());
        Thread.sleep(5); // the stamps are milliseconds

        var second = java.time.Instant.parse(json(api.send("POST", "/api/v1/stacks/demo/services/web/restart", null, null, Map.of()))
                .path("requestedAt").asText());

        assertThat(second).isAfter(first);
        assertThat(api.store.restartRequests("demo")).isEqualTo(Map.of("web", second));
    }

    @Test
    void restartOfAnUnknownServiceOrStackIs404AndStoresNothing() {
        api.putYaml("demo", WEB);

        var noService = api.send("POST", "/api/v1/stacks/demo/services/db/restart", null, null, Map.of());
        var noStack = api.send("POST", "/api/v1/stacks/nope/services/web/restart", null, null, Map.of());

        assertThat(noService.statusCode()).isEqualTo(404);
        assertThat(json(noService).path("error").asText()).isEqualTo("service db of stack demo not found");
        assertThat(noStack.statusCode()).isEqualTo(404);
        assertThat(api.store.restartRequests("demo")).isEmpty();
        assertThat(api.store.restartRequests("nope")).isEmpty();
    }

    @Test
    void restartingAServiceOfAStackBeingDeletedIs409() {
        api.putYaml("demo", WEB);
        api.send("DELETE", "/api/v1/stacks/demo", null, null, Map.of());

        var r = api.send("POST", "/api/v1/stacks/demo/services/web/restart", null, null, Map.of());

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(api.store.restartRequests("demo")).isEmpty();
    }

    @Test
    void anEmptyBodyIs422() {
        var r = api.put("/api/v1/stacks/demo", "", "application/yaml");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).path("details").size()).isPositive();
    }

    @Test
    void unknownEndpointsAre404AndWrongMethods405AsJson() {
        var missing = api.get("/api/v1/nothing");
        var wrongMethod = api.send("PATCH", "/api/v1/stacks/demo", "{}", "application/json", Map.of());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("error").asText()).contains("no such endpoint");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
    }

    static JsonNode json(HttpResponse<String> r) {
        return Json.read(r.body());
    }
}
