package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.ValidationError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What validate catches beyond each key's own syntax: misspelt references (with "did you mean"), names and mount
 * targets that the engine would refuse twice, host addresses that are not addresses, host ports claimed twice.
 */
class ReferenceChecksTest {
    @TempDir
    Path tmp;

    private static String describe(ValidationError e) {
        return e.path() + " " + e.message();
    }

    @Test
    void aMisspeltNameOfAServiceNetworkVolumeSecretOrConfigGetsASuggestion() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: nginx
                    depends_on: [databse, cache]
                    networks: [frontend, defualt]
                    volumes: [dta:/data]
                    secrets: [tokn]
                    configs: [{source: nginx-cnf}]
                  database: {image: postgres}
                  sidecar: {image: envoy, network_mode: "service:wbe"}
                networks:
                  front:
                volumes:
                  data:
                secrets:
                  token: {environment: TOKEN}
                configs:
                  nginx-conf: {content: x}
                """);

        assertThat(errors).extracting(ReferenceChecksTest::describe).containsExactly(
                "services.web.depends_on[0] depends on unknown service \"databse\": did you mean \"database\"?",
                "services.web.depends_on[1] depends on unknown service \"cache\"",
                "services.web.networks[0] network \"frontend\" is not defined in the top-level networks",
                "services.web.networks[1] network \"defualt\" is not defined in the top-level networks: did you mean \"default\"?",
                "services.web.volumes[0] volume \"dta\" is not defined in the top-level volumes: did you mean \"data\"?",
                "services.web.secrets[0] secret \"tokn\" is not defined in the top-level secrets: did you mean \"token\"?",
                "services.web.configs[0].source config \"nginx-cnf\" is not defined in the top-level configs: did you mean \"nginx-conf\"?",
                "services.sidecar.network_mode network_mode refers to unknown service \"wbe\": did you mean \"web\"?");
    }

    @Test
    void suggestionsHaveABudgetSoThousandsOfUnknownNamesStayLinear() {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 0; i < 1500; i++) yaml.append("  service").append(i).append(": {image: x, depends_on: [servixe").append(i).append("]}\n");
        var errors = Load.errors(tmp, yaml.toString());

        assertThat(errors).hasSize(1500);
        assertThat(errors.getFirst().message()).endsWith(": did you mean \"service0\"?");
        // 1500 x 1500 comparisons would cost 30 times the budget: it is spent early, and the last name gets none
        assertThat(errors.getLast().message()).isEqualTo("depends on unknown service \"servixe1499\"");
    }

    @Test
    void twoServicesMayNotHaveOneContainerName() {
        var errors = Load.errors(tmp, """
                services:
                  a: {image: x, container_name: shared}
                  b: {image: x, container_name: shared}
                  c: {image: x, scale: 2}
                  d: {image: x, container_name: myapp-c-2}
                  e: {image: x, container_name: myapp-c-3}
                """);

        assertThat(errors).extracting(ReferenceChecksTest::describe).containsExactly(
                "services.b.container_name container name \"shared\" is also service a's container_name",
                "services.d.container_name container name \"myapp-c-2\" is the name of a replica of service c");
        assertThat(errors.getFirst().line()).isEqualTo(3);
    }

    @Test
    void aServiceMayNotMountTwoThingsOnOneTarget() {
        var errors = Load.serviceErrors(tmp, """
                image: x
                volumes:
                  - ./a:/data
                  - {type: tmpfs, target: /data/}
                  - /cache
                  - ./b:/srv
                tmpfs: [/cache]
                """);

        assertThat(errors).extracting(ReferenceChecksTest::describe).containsExactly(
                "services.web.volumes[1] mount target \"/data/\" is already mounted by services.web.volumes[0]",
                "services.web.tmpfs[0] mount target \"/cache\" is already mounted by services.web.volumes[2]");
    }

    @Test
    void aHostIpThatIsNotAnAddressIsRefused() {
        var errors = Load.serviceErrors(tmp, """
                image: x
                ports:
                  - "1.2.3.999:80:80"
                  - "01.2.3.4:81:81"
                  - "localhost:82:82"
                  - {target: 83, published: "83", host_ip: "1.2.3"}
                  - "[::1::2]:84:84"
                """);

        assertThat(errors).extracting(ReferenceChecksTest::describe).containsExactly(
                "services.web.ports[0] invalid port \"1.2.3.999:80:80\": invalid host IP address \"1.2.3.999\": expected an IPv4 or IPv6 address",
                "services.web.ports[1] invalid port \"01.2.3.4:81:81\": invalid host IP address \"01.2.3.4\": expected an IPv4 or IPv6 address",
                "services.web.ports[2] invalid port \"localhost:82:82\": invalid host IP address \"localhost\": expected an IPv4 or IPv6 address",
                "services.web.ports[3].host_ip invalid host IP address \"1.2.3\": expected an IPv4 or IPv6 address",
                "services.web.ports[4] invalid port \"[::1::2]:84:84\": invalid host IP address \"::1::2\": expected an IPv4 or IPv6 address");
    }

    @Test
    void ipv6HostAddressesAreReadAsComposeReadsThem() {
        var ports = Load.service(tmp, """
                image: x
                ports:
                  - "[::1]:8080:80"
                  - "::1:8081:81"
                  - "[fe80::1]::53/udp"
                  - "::ffff:127.0.0.1:8082:82"
                  - {target: 83, published: "8083", host_ip: "2001:db8::1"}
                """).ports();

        assertThat(ports).extracting(p -> p.hostIp() + " " + p.published() + ":" + p.target() + "/" + p.protocol()).containsExactly(
                "::1 8080:80/tcp", "::1 8081:81/tcp", "fe80::1 null:53/udp", "::ffff:127.0.0.1 8082:82/tcp", "2001:db8::1 8083:83/tcp");
    }

    @Test
    void mismatchedPortRangesAreRefused() {
        assertThat(Load.serviceErrors(tmp, "image: x\nports: [\"8000-8002:80-81\"]\n")).extracting(ReferenceChecksTest::describe).containsExactly(
                "services.web.ports[0] invalid port \"8000-8002:80-81\": the published range has 3 ports and the container range 2:"
                        + " they must have the same length (or give one container port)");
    }

    @Test
    void oneHostAddressWrittenTwoWaysOrAnUnspecifiedOneIsOneClaim() {
        var errors = Load.errors(tmp, """
                services:
                  a: {image: x, ports: ["[::1]:80:80", "127.0.0.1:81:81", "[::]:82:82"]}
                  b: {image: x, ports: ["[0:0::1]:80:80", "[::]:81:81", "127.0.0.1:82:82", "::ffff:127.0.0.1:81:81/udp"]}
                """);

        // :: is every IPv6 address only (the engine binds it for tcp6): it shares 81 and 82 with 127.0.0.1
        assertThat(errors).extracting(ReferenceChecksTest::describe).containsExactly(
                "services.b.ports[0] host port 80/tcp on 0:0::1 is already published by services.a.ports[0]");
    }
}
