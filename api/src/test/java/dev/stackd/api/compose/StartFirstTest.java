package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy.update_config.order start-first: the new container runs beside the old one for a while, so it is accepted
 * only where two containers of the service can exist at once.
 */
class StartFirstTest {
    @TempDir
    Path tmp;

    @Test
    void startFirstIsReadForAServiceWithoutFixedHostPortsOrAContainerName() {
        var web = Load.service(tmp, """
                image: x
                ports: ["80", "127.0.0.1:8000-8010:80"]
                deploy:
                  replicas: 3
                  update_config: {order: start-first}
                  rollback_config: {order: start-first}
                """);

        assertThat(web.updateConfig().order()).isEqualTo("start-first");
        assertThat(web.rollbackConfig().order()).isEqualTo("start-first");
    }

    @Test
    void aFixedHostPortIsRefusedWithTheReasonAtTheOrdersPath() {
        var errors = Load.serviceErrors(tmp, """
                image: x
                ports: ["8080:80"]
                deploy:
                  update_config: {order: start-first}
                """);

        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.deploy.update_config.order order start-first starts the new container beside the old one:"
                        + " two containers cannot both publish host port 8080/tcp; use stop-first, or publish a range or no host port");
        assertThat(errors.getFirst().line()).isEqualTo(6); // the order, in update_config on the deploy line + 1
    }

    @Test
    void aContainerNameIsRefusedWithTheReason() {
        var errors = Load.serviceErrors(tmp, """
                image: x
                container_name: the-one
                deploy:
                  rollback_config: {order: start-first}
                """);

        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.deploy.rollback_config.order order start-first starts the new container beside the old one:"
                        + " two containers cannot both be named \"the-one\" (container_name); use stop-first");
    }

    @Test
    void aFixedAddressOrASharedNetworkNamespaceIsRefused() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: x
                    networks:
                      back: {ipv4_address: 172.28.0.5}
                    deploy:
                      update_config: {order: start-first}
                  host:
                    image: x
                    network_mode: host
                    deploy:
                      update_config: {order: start-first}
                networks:
                  back:
                    ipam: {config: [{subnet: 172.28.0.0/16}]}
                """);

        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactlyInAnyOrder(
                "services.web.deploy.update_config.order order start-first starts the new container beside the old one:"
                        + " two containers cannot both have address 172.28.0.5 on network back; use stop-first",
                "services.host.deploy.update_config.order order start-first starts the new container beside the old one:"
                        + " with network_mode host both would listen on the same ports; use stop-first");
    }

    @Test
    void stopFirstWithAFixedPortIsFine() {
        var web = Load.service(tmp, """
                image: x
                ports: ["8080:80"]
                container_name: the-one
                deploy:
                  update_config: {order: stop-first}
                """);

        assertThat(web.updateConfig().order()).isEqualTo("stop-first");
    }
}
