package dev.stackd.controller.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.testing.TempStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Names in the engine are one namespace: a stack may not claim a container, network or volume another stack owns. */
class NameClaimsTest {
    @RegisterExtension
    final TempStore stores = new TempStore();
    private Store store; // opened by TempStore, and closed after each test
    private NameClaims claims;

    @BeforeEach
    void open() {
        claims = new NameClaims(() -> store);
        stored("shop", """
                services:
                  web:
                    image: img
                    scale: 3
                  db:
                    image: img
                    container_name: shop-database
                    volumes: [data:/var/lib/db]
                networks:
                  default: {}
                  front: {name: public-front}
                volumes:
                  data: {}
                """);
    }

    @Test
    void aStackMayNotTakeAnotherStacksNetworkOrVolumeUnlessExternal() {
        var taken = claims.conflicts(spec("blog", """
                services:
                  web:
                    image: img
                    networks: [front]
                    volumes: [data:/data]
                networks:
                  front: {name: public-front}
                volumes:
                  data: {name: shop_data}
                """));
        assertThat(taken).extracting(SpecError::toString).containsExactly(
                "networks.front.name: network public-front is stack shop's: declare it external: true to share it",
                "volumes.data.name: volume shop_data is stack shop's: declare it external: true to share it");

        assertThat(claims.conflicts(spec("blog", """
                services:
                  web:
                    image: img
                    networks: [front]
                    volumes: [data:/data]
                networks:
                  front: {name: public-front, external: true}
                volumes:
                  data: {name: shop_data, external: true}
                """))).as("shared as external: allowed").isEmpty();
    }

    @Test
    void containerNamesClashWithExplicitAndDefaultNames() {
        // "shop-web" + service "2"... default names: shop-web-1..3; an explicit name equal to one of them clashes
        var taken = claims.conflicts(spec("blog", """
                services:
                  a:
                    image: img
                    container_name: shop-web-2
                  b:
                    image: img
                    container_name: shop-database
                  c:
                    image: img
                    container_name: shop-web-4
                """));
        assertThat(taken).extracting(SpecError::toString).containsExactly(
                "services.a.container_name: container shop-web-2 is stack shop's",
                "services.b.container_name: container shop-database is stack shop's");

        // stack "shop-web" with service "x" never clashes; stack "shop" service "web" vs stack "shop-web"... the
        // default names of project "a-b" service "c" and project "a" service "b-c" are both a-b-c-1
        stored("a", "services:\n  b-c:\n    image: img\n");
        assertThat(claims.conflicts(spec("a-b", "services:\n  c:\n    image: img\n")))
                .extracting(SpecError::toString).containsExactly("services.c: container a-b-c-1 is stack a's");
    }

    @Test
    void aStackDoesNotConflictWithItselfAndForgetsWhatItDropped() {
        assertThat(claims.conflicts(spec("shop", "services:\n  web:\n    image: img\n    scale: 5\n"))).isEmpty();
        stored("shop", "services:\n  web:\n    image: img\n");
        assertThat(claims.conflicts(spec("blog", "services:\n  x:\n    image: img\n    container_name: shop-database\n"))).isEmpty();
    }

    @Test
    void aHostPortAnotherStackPublishesIsRefusedNamingThatStack() {
        stored("proxy", """
                services:
                  edge:
                    image: img
                    ports: ["80:80", "127.0.0.1:8080:8080", "127.0.0.1:7070:7070", "[::1]:9090:9090", "53:53/udp"]
                """);

        var taken = claims.conflicts(spec("blog", """
                services:
                  web:
                    image: img
                    ports:
                      - "127.0.0.1:80:80"
                      - "7070:70"
                      - "127.0.0.2:8080:8080"
                      - "[0:0::1]:9090:9090"
                      - "53:53/tcp"
                      - "54:53/udp"
                """));

        assertThat(taken).extracting(SpecError::toString).containsExactly(
                "services.web.ports[0]: host port 80/tcp on 127.0.0.1 is stack proxy's (service edge)",
                "services.web.ports[1]: host port 7070/tcp on 0.0.0.0 is stack proxy's (service edge)",
                "services.web.ports[3]: host port 9090/tcp on 0:0::1 is stack proxy's (service edge)");
        assertThat(claims.conflicts(spec("proxy", "services:\n  edge:\n    image: img\n    ports: [\"80:80\"]\n")))
                .as("a stack does not conflict with its own ports").isEmpty();
    }

    private void stored(String name, String compose) {
        var s = spec(name, compose);
        store.apply(name, Manifests.toCanonicalJson(s), compose, null);
    }

    private StackSpec spec(String name, String compose) {
        return ComposeLoader.load(LoadRequest.ofText(compose, stores.dir()).withName(name)).orThrow();
    }
}
