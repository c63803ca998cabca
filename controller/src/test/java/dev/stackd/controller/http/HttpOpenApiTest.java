package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenAPI document describes exactly the routes the server has. */
@ExtendWith(ApiServerExtension.class)
class HttpOpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws Exception {
        JsonNode doc = new YAMLMapper().readTree(InfoRoutes.openApiText());
        List<String> documented = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }));
        List<String> routed = api.server.endpoints().stream()
                .map(e -> e.replaceAll(":([a-zA-Z]+)", "{$1}"))
                .toList();

        assertThat(routed).isNotEmpty();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(routed);
    }

    @Test
    void theDocumentIsServed() {
        var r = api.get("/api/v1/openapi.yaml");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        assertThat(r.body()).startsWith("openapi: 3").contains("/api/v1/stacks/{name}:");
    }
}
