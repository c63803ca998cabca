package dev.stackd.controller.http;

import static dev.stackd.controller.http.HttpStacksTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.engine.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code PUT /stacks/{name}?pull=}: the images pulled before the generation is stored, as {@code docker compose pull
 * && up -d}; a failed pull names the image and stores nothing.
 */
@ExtendWith(ApiServerExtension.class)
class HttpApplyPullTest {
    static final String STACK = """
            services:
              web:
                image: example/web:1
              worker:
                image: example/web:1
              db:
                image: example/db:2
              local:
                image: example/local:1
                pull_policy: never
              built:
                image: example/built:1
                build: {context: /client/src/app}
            """;

    ApiServer api;

    private java.net.http.HttpResponse<String> apply(String query, String yaml) {
        return api.put("/api/v1/stacks/demo" + query, yaml, "application/yaml");
    }

    private java.util.List<String> pulls() {
        return api.backend.engine.calls().stream().filter(c -> c.startsWith("pull image")).toList();
    }

    @Test
    void alwaysPullsEachImageOnceBeforeStoringSkippingBuildsAndPullPolicyNever() {
        api.backend.engine.withRegistry().image("example/web:1", "sha256:before");

        var r = apply("?pull=always", STACK);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(pulls()).containsExactly("pull image example/db:2", "pull image example/web:1");
        assertThat(json(r).path("pulled").toString()).isEqualTo("[\"example/db:2\",\"example/web:1\"]");
        assertThat(api.backend.engine.imageId("example/web:1")).get().isNotEqualTo("sha256:before");
        assertThat(api.store.get("demo")).isPresent();
        assertThat(api.backend.changed).containsExactly("demo");
    }

    @Test
    void missingPullsOnlyWhatTheEngineDoesNotHave() {
        api.backend.engine.withRegistry().image("example/web:1", "sha256:here");

        var r = apply("?pull=missing", STACK);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(pulls()).containsExactly("pull image example/db:2");
        assertThat(api.backend.engine.imageId("example/web:1")).contains("sha256:here");
    }

    @Test
    void withoutPullNothingIsPulledAtApply() {
        api.backend.engine.withRegistry();

        assertThat(apply("", STACK).statusCode()).isEqualTo(201);

        assertThat(pulls()).isEmpty();
    }

    @Test
    void aRefusedPullNamesTheImageAndStoresNothing() {
        // no registry: the engine answers as for 127.0.0.1:1/none:1
        api.backend.engine.image("example/web:1", "sha256:here");

        var r = apply("?pull=always", STACK);

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r).path("error").asText()).contains("example/db:2").contains("service db").contains("nothing was applied");
        assertThat(json(r).path("details").get(0).path("path").asText()).isEqualTo("services.db.image");
        assertThat(api.store.get("demo")).isEmpty();
        assertThat(api.backend.changed).isEmpty();
    }

    @Test
    void aRefusedPullOfAnUpdateKeepsTheStoredGeneration() {
        api.backend.engine.withRegistry();
        assertThat(apply("", STACK).statusCode()).isEqualTo(201);
        api.backend.engine.failWhen(c -> c.equals("pull image example/db:3"));

        var r = apply("?pull=always", STACK.replace("example/db:2", "example/db:3"));

        assertThat(r.statusCode()).isEqualTo(502);
        var stored = api.store.get("demo").orElseThrow();
        assertThat(stored.generation()).isEqualTo(1);
        assertThat(stored.specJson()).contains("example/db:2").doesNotContain("example/db:3");
    }

    @Test
    void aPullPastItsTimeoutIs504AndAnEngineThatDoesNotAnswerIs503() {
        api.backend.engine.failWhen(c -> c.startsWith("pull image"),
                c -> EngineException.timedOut(c + ": no answer within the call's timeout", null));

        var slow = apply("?pull=always&pullTimeout=30", STACK);

        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(json(slow).path("error").asText()).contains("example/db:2").contains("30s");
        assertThat(api.store.get("demo")).isEmpty();

        api.backend.engine.failWhen(c -> c.startsWith("pull image"), c -> new EngineException("connection refused", 0, null));
        var down = apply("?pull=always", STACK);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(api.store.get("demo")).isEmpty();
    }

    @Test
    void neverPullsNothingAndRefusesAnImageThatIsNotHere() {
        api.backend.engine.withRegistry().image("example/web:1", "sha256:1");

        var r = apply("?pull=never", STACK);

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).path("error").asText()).contains("example/db:2").contains("pull is never");
        assertThat(pulls()).isEmpty();
        assertThat(api.store.get("demo")).isEmpty();

        api.backend.engine.image("example/db:2", "sha256:2").image("example/local:1", "sha256:3");
        assertThat(apply("?pull=never", STACK).statusCode()).isEqualTo(201);
        assertThat(pulls()).isEmpty();
    }

    @Test
    void anyOtherValueIsRefusedWith422NamingTheParameter() {
        for (String query : new String[] {"?pull=sometimes", "?pull=", "?pull=ALWAYS", "?pull=always&pullTimeout=0",
                "?pull=always&pullTimeout=3601", "?pull=always&pullTimeout=5m"}) {
            var r = apply(query, STACK);

            assertThat(r.statusCode()).as(query).isEqualTo(422);
            assertThat(json(r).path("details").get(0).path("path").asText()).as(query).isIn("pull", "pullTimeout");
        }
        assertThat(pulls()).isEmpty();
        assertThat(api.store.get("demo")).isEmpty();
    }

    @Test
    void aDryRunPullsNothing() {
        api.backend.engine.withRegistry();

        var r = apply("?pull=always&dryRun=true", STACK);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(pulls()).isEmpty();
    }
}
