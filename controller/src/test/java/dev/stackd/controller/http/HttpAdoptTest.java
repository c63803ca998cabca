package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.engine.EngineException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An apply over a project docker compose runs: 409 naming its objects, unless ?adopt=true (stored with the stack). */
class HttpAdoptTest {
    @TempDir
    Path dataDir;
    ApiServer api;

    @BeforeEach
    void start() {
        api = new ApiServer(dataDir);
        api.backend.compose.put("demo", List.of("container demo_web_1", "network demo_default", "volume demo_data"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void refusedWhileComposeRunsTheProjectNamingEachObjectAndTheWaysOn() {
        var r = api.putYaml("demo", HttpStacksTest.WEB);

        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode body = Json.read(r.body());
        assertThat(body.path("error").asText()).contains("docker compose's project demo", "container demo_web_1",
                "network demo_default", "volume demo_data", "--adopt", "?adopt=true", "docker compose down");
        assertThat(body.path("details")).hasSize(3);
        assertThat(body.path("details").get(0).path("message").asText()).isEqualTo("container demo_web_1 is docker compose's (project demo)");
        assertThat(api.store.get("demo")).isEmpty();
        assertThat(api.backend.changed).isEmpty();
        // another name is not concerned
        assertThat(api.putYaml("other", HttpStacksTest.WEB).statusCode()).isEqualTo(201);
    }

    @Test
    void aDryRunIsRefusedTooUnlessItAdopts() {
        assertThat(api.put("/api/v1/stacks/demo?dryRun=true", HttpStacksTest.WEB, "application/yaml").statusCode()).isEqualTo(409);
        var r = api.put("/api/v1/stacks/demo?dryRun=true&adopt=true", HttpStacksTest.WEB, "application/yaml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(api.backend.plannedAdopt).containsExactly(true);
    }

    @Test
    void adoptStoresTheStackWithThePermissionAndALaterPlainApplyWithdrawsIt() {
        var r = api.put("/api/v1/stacks/demo?adopt=true", HttpStacksTest.WEB, "application/yaml");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(api.store.adoptions("demo").permitted()).isTrue();
        assertThat(api.backend.changed).containsExactly("demo");

        api.backend.compose.remove("demo"); // adopted meanwhile: nothing of compose's is left unowned
        assertThat(api.putYaml("demo", HttpStacksTest.WEB).statusCode()).isEqualTo(200);
        assertThat(api.store.adoptions("demo").permitted()).isFalse();
    }

    @Test
    void anAdoptFlagThatIsNotABooleanIsABadRequest() {
        assertThat(api.put("/api/v1/stacks/demo?adopt=yes", HttpStacksTest.WEB, "application/yaml").statusCode()).isEqualTo(400);
    }

    @Test
    void anEngineThatDoesNotAnswerDoesNotHoldTheApplyBack() {
        // the reconcile starts nothing beside compose's objects anyway (ComposeProjectFound); the store does not wait
        api.backend.composeFailure = new EngineException("list containers: the engine did not answer", 0, null);
        assertThat(api.putYaml("demo", HttpStacksTest.WEB).statusCode()).isEqualTo(201);
        assertThat(api.put("/api/v1/stacks/demo?dryRun=true", HttpStacksTest.WEB, "application/yaml").statusCode()).isEqualTo(503);
    }
}
