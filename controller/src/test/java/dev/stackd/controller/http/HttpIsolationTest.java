package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One stack cannot break another: names another stack owns are a 409, names stackd reserves a 422. */
@ExtendWith(ApiServerExtension.class)
class HttpIsolationTest {
    private static final String SHOP = """
            services:
              web:
                image: img
                networks: [front]
                volumes: [data:/data]
            networks:
              front: {name: public-front}
            volumes:
              data: {}
            """;

    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    @Test
    void anotherStacksNetworkOrVolumeIsAConflictUnlessExternal() {
        assertThat(api.putYaml("shop", SHOP).statusCode()).isEqualTo(201);

        var r = api.putYaml("blog", """
                services:
                  web:
                    image: img
                    networks: [front]
                    volumes: [data:/data]
                networks:
                  front: {name: public-front}
                volumes:
                  data: {name: shop_data}
                """);

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).path("details").findValuesAsText("path")).containsExactly("networks.front.name", "volumes.data.name");
        assertThat(api.store.get("blog")).as("nothing stored").isEmpty();

        var dryRun = api.put("/api/v1/stacks/blog?dryRun=true", "services:\n  x:\n    image: img\n    container_name: shop-web-1\n",
                "application/yaml");
        assertThat(dryRun.statusCode()).as("a dry run tells the same").isEqualTo(409);

        var shared = api.putYaml("blog", """
                services:
                  web:
                    image: img
                    networks: [front]
                networks:
                  front: {name: public-front, external: true}
                """);
        assertThat(shared.statusCode()).isEqualTo(201);
    }

    @Test
    void theTemporaryRecreateSuffixIsReserved() {
        // two stacks fought over a rename forever: one's container_name was the other's temporary name
        var r = api.putYaml("blog", "services:\n  web:\n    image: img\n    container_name: shop-web-1-stackd-new\n");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("services.web.container_name").contains("-stackd-new");
        assertThat(api.store.get("blog")).isEmpty();
    }

    @Test
    void stackdsLabelsAreReserved() {
        var r = api.putYaml("blog", """
                services:
                  web:
                    image: img
                    labels: {dev.stackd.stack: shop}
                networks:
                  default:
                    labels: [dev.stackd.network=x]
                """);

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).path("details").findValuesAsText("path"))
                .containsExactly("services.web.labels.dev.stackd.stack", "networks.default.labels.dev.stackd.network");
    }

    private static JsonNode json(HttpResponse<String> r) {
        return Json.read(r.body());
    }
}
