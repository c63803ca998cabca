package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ApiServerExtension.class)
class HttpAuthTest {
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    @BeforeEach
    void start() {
        api.putYaml("demo", HttpStacksTest.WEB);
        api.backend.changed.clear();
    }

    @Test
    void everyApiRouteIs401WithoutOrWithAWrongTokenAndChangesNothing() {
        List<String> apiEndpoints = api.server.endpoints().stream().filter(e -> e.contains(" /api/")).toList();
        assertThat(apiEndpoints).hasSizeGreaterThanOrEqualTo(8);
        for (String endpoint : apiEndpoints) {
            String method = endpoint.split(" ")[0];
            String path = endpoint.split(" ")[1].replace(":name", "demo").replace(":service", "web");
            for (String auth : new String[] {"", "Bearer wrong-token", "Basic " + ApiServer.TOKEN, "Bearer"}) {
                Map<String, String> headers = new HashMap<>();
                headers.put("Authorization", auth);
                var r = api.send(method, path, HttpStacksTest.WEB_V2, "application/yaml", headers);
                assertThat(r.statusCode()).as(endpoint + " with '" + auth + "'").isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
            }
        }
        assertThat(api.store.get("demo").orElseThrow().generation()).isEqualTo(1);
        assertThat(api.store.get("demo").orElseThrow().deleting()).isFalse();
        assertThat(api.backend.changed).isEmpty();
        assertThat(api.store.restartRequests("demo")).isEmpty();
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        for (String scheme : new String[] {"bearer", "BEARER", "bEaReR"}) {
            var r = api.send("GET", "/api/v1/stacks", null, null, Map.of("Authorization", scheme + " " + ApiServer.TOKEN));
            assertThat(r.statusCode()).as(scheme).isEqualTo(200);
        }
        var wrong = api.send("GET", "/api/v1/stacks", null, null, Map.of("Authorization", "bearer wrong-token"));
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void probesAndMetricsNeedNoToken() {
        Map<String, String> noAuth = Map.of("Authorization", "");
        assertThat(api.send("GET", "/healthz", null, null, noAuth).statusCode()).isEqualTo(200);
        assertThat(api.send("GET", "/readyz", null, null, noAuth).statusCode()).isEqualTo(200);
        assertThat(api.send("GET", "/metrics", null, null, noAuth).statusCode()).isEqualTo(200);
    }

    @Test
    void readyzIs503UntilTheBackendIsReady() {
        api.backend.ready = false;
        var notReady = api.get("/readyz");
        api.backend.ready = true;
        var ready = api.get("/readyz");

        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(HttpStacksTest.json(notReady).path("reason").asText()).contains("starting");
        assertThat(ready.statusCode()).isEqualTo(200);
    }

    @Test
    void readyzIs503WhenTheStoreIsClosedWhileHealthzStaysUp() {
        api.store.close();

        var r = api.get("/readyz");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(HttpStacksTest.json(r).path("reason").asText()).contains("store");
        assertThat(api.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void theTokenFileIsCreatedPrivateAndReused(@TempDir Path dir) throws Exception {
        ApiToken first = ApiToken.loadOrCreate(dir);
        ApiToken second = ApiToken.loadOrCreate(dir);

        Path file = dir.resolve(ApiToken.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.value()).isEqualTo(second.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(ApiToken.read(dir)).isEqualTo(first.value());
        assertThat(first.accepts("Bearer " + first.value())).isTrue();
        assertThat(first.accepts("Bearer " + first.value() + "x")).isFalse();
        assertThat(first.accepts(null)).isFalse();
    }

    @Test
    void eachDataDirGetsItsOwnRandomToken(@TempDir Path a, @TempDir Path b) {
        assertThat(ApiToken.loadOrCreate(a).value()).isNotEqualTo(ApiToken.loadOrCreate(b).value());
    }
}
