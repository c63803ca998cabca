package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.ServiceSpec.PortSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {
    @TempDir
    Path tmp;

    @Test
    void shortSyntax() {
        var ports = Load.service(tmp, """
                image: nginx
                ports:
                  - "8080:80"
                  - "127.0.0.1:8443:443/udp"
                  - 9000
                  - "[::1]:5353:53/udp"
                  - "127.0.0.1::5000"
                """).ports();
        assertThat(ports).containsExactly(
                new PortSpec(null, 8080, 80, "tcp"),
                new PortSpec("127.0.0.1", 8443, 443, "udp"),
                new PortSpec(null, null, 9000, "tcp"),
                new PortSpec("::1", 5353, 53, "udp"),
                new PortSpec("127.0.0.1", null, 5000, "tcp"));
    }

    @Test
    void rangesExpandToOnePortEach() {
        var ports = Load.service(tmp, """
                image: nginx
                ports:
                  - "3000-3002"
                  - "9090-9091:8080-8081"
                """).ports();
        assertThat(ports).containsExactly(
                new PortSpec(null, null, 3000, "tcp"), new PortSpec(null, null, 3001, "tcp"), new PortSpec(null, null, 3002, "tcp"),
                new PortSpec(null, 9090, 8080, "tcp"), new PortSpec(null, 9091, 8081, "tcp"));
    }

    @Test
    void unquotedPortPairIsReadAsText() {
        // YAML 1.1 would read 80:80 as a base-60 number; compose reads it as a port pair
        assertThat(Load.service(tmp, "image: nginx\nports:\n  - 8080:80\n").ports())
                .containsExactly(new PortSpec(null, 8080, 80, "tcp"));
    }

    @Test
    void longSyntax() {
        var ports = Load.service(tmp, """
                image: nginx
                ports:
                  - target: 80
                    published: "8080"
                    host_ip: 127.0.0.1
                    protocol: udp
                    mode: host
                  - target: 443
                """).ports();
        assertThat(ports).containsExactly(new PortSpec("127.0.0.1", 8080, 80, "udp"), new PortSpec(null, null, 443, "tcp"));
    }

    @Test
    void invalidPortsAreReportedEachWithItsPath() {
        var errors = Load.serviceErrors(tmp, """
                image: nginx
                ports:
                  - "0:80"
                  - "8080:70000"
                  - "http"
                  - "9090-9092:8080-8081"
                  - target: 80
                    protocol: icmp
                  - published: 8081
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.ports[0] invalid port \"0:80\": published port 0 must be between 1 and 65535",
                "services.web.ports[1] invalid port \"8080:70000\": container port 70000 must be between 1 and 65535",
                "services.web.ports[2] invalid port \"http\": container port \"http\" is not a number",
                "services.web.ports[3] invalid port \"9090-9092:8080-8081\": the published range has 3 ports and the container range 2:"
                        + " they must have the same length (or give one container port)",
                "services.web.ports[4].protocol unknown protocol \"icmp\": use tcp, udp or sctp",
                "services.web.ports[5] a port needs a target (the container port)");
        assertThat(errors.getFirst().line()).isEqualTo(5);
        assertThat(errors.getFirst().column()).isEqualTo(9);
    }

    @Test
    void aHostPortPublishedTwiceAcrossTheStackIsAnError() {
        var errors = Load.errors(tmp, """
                services:
                  a:
                    image: nginx
                    ports: ["8080:80", "127.0.0.1:9000:90", "5000:5000/udp"]
                  b:
                    image: nginx
                    ports: ["8080:81", "9000:90", "5000:5000/tcp", "127.0.0.2:9001:90"]
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.b.ports[0] host port 8080/tcp on 0.0.0.0 is already published by services.a.ports[0]",
                "services.b.ports[1] host port 9000/tcp on 0.0.0.0 is already published by services.a.ports[1]");
    }

    @Test
    void aRangeIsRefusedBeforeItExpandsPastTheCapOfAService() {
        // "1-65535:1-65535" was expanded, checked pair by pair (27 s) and stored as a 3.4 MB spec
        var errors = Load.serviceErrors(tmp, """
                image: nginx
                ports:
                  - "1-65535:1-65535"
                  - "20000-20599"
                  - "30000-30398:30000-30398/udp"
                  - "40000-40001"
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.ports[0] invalid port \"1-65535:1-65535\": the range has 65535 ports, more than the 1000 a service may have",
                "services.web.ports[3] invalid port \"40000-40001\": the range has 2 ports, more than the 1 left of the 1000 a service may have");
        var ports = Load.service(tmp, "image: nginx\nports: [\"1-600\", \"1001-1400:1001-1400\"]\n").ports();
        assertThat(ports).hasSize(1000);
    }

    @Test
    void exposeRangesExpandUnderTheSameCapAndAreChecked() {
        // the engine takes one exposed port at a time: "3000-3002" made every reconcile of the stack throw
        assertThat(Load.service(tmp, "image: nginx\nexpose: [\"3000-3002/udp\", 80, \"443/tcp\"]\n").expose())
                .containsExactly("3000/udp", "3001/udp", "3002/udp", "80", "443/tcp");
        var errors = Load.serviceErrors(tmp, """
                image: nginx
                expose: ["0", "70000", "5-4", "1-65535", "http"]
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.expose[0] invalid exposed port \"0\": port 0 must be between 1 and 65535",
                "services.web.expose[1] invalid exposed port \"70000\": port 70000 must be between 1 and 65535",
                "services.web.expose[2] invalid exposed port \"5-4\": the range 5-4 ends before it starts",
                "services.web.expose[3] invalid exposed port \"1-65535\": the range has 65535 ports, more than the 1000 a service may have",
                "services.web.expose[4] invalid exposed port \"http\": expected port[-port][/protocol]");
    }

    @Test
    void aStackHasAtMostTenThousandPorts() {
        var yaml = new StringBuilder("services:\n");
        for (int i = 0; i < 11; i++) yaml.append("  s").append(i).append(": {image: x, ports: [\"1-1000\"]}\n");
        assertThat(Load.errors(tmp, yaml.toString())).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.s10.ports[0] invalid port \"1-1000\": the range has 1000 ports, more than the 0 left of the 10000 a stack may have");
    }

    @Test
    void hostPortClaimsCompareAddressesAsBefore() {
        var errors = Load.errors(tmp, """
                services:
                  a:
                    image: nginx
                    ports: ["127.0.0.1:7000:1", "127.0.0.2:7000:2", "7001:1", "7002:2/udp"]
                  b:
                    image: nginx
                    ports: ["7000:3", "127.0.0.3:7001:3", "127.0.0.2:7000:4", "7002:2/tcp", "127.0.0.3:7000:5"]
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.b.ports[0] host port 7000/tcp on 0.0.0.0 is already published by services.a.ports[0]",
                "services.b.ports[1] host port 7001/tcp on 127.0.0.3 is already published by services.a.ports[2]",
                "services.b.ports[2] host port 7000/tcp on 127.0.0.2 is already published by services.a.ports[1]");
    }

    /**
     * compose-go's TestParsePortConfig (go-connections nat.ParsePortSpec): a range of host ports for one container
     * port is one binding, the engine picks a free port of the range; it counts as one port and claims none.
     */
    @Test
    void aPublishedRangeForOneContainerPortIsOneBinding() {
        var ports = Load.service(tmp, """
                image: nginx
                ports:
                  - "8000-8010:80"
                  - "127.0.0.1:9000-9001:90/udp"
                  - target: 70
                    published: "7000-7005"
                  - "8000-8010:80"
                """).ports();
        assertThat(ports).containsExactly(
                new PortSpec(null, 8000, 80, "tcp", 8010),
                new PortSpec("127.0.0.1", 9000, 90, "udp", 9001),
                new PortSpec(null, 7000, 70, "tcp", 7005),
                new PortSpec(null, 8000, 80, "tcp", 8010));
        assertThat(ports.getFirst().publishedText()).isEqualTo("8000-8010");
        // a container range with one host port, or ranges of different lengths, are compose's "invalid ranges"
        var errors = Load.serviceErrors(tmp, "image: nginx\nports: [\"8000:80-81\", \"8000-8002:80-81\", \"8000-7000:80\"]\n");
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.ports[0] invalid port \"8000:80-81\": the published range has 1 ports and the container range 2:"
                        + " they must have the same length (or give one container port)",
                "services.web.ports[1] invalid port \"8000-8002:80-81\": the published range has 3 ports and the container range 2:"
                        + " they must have the same length (or give one container port)",
                "services.web.ports[2] invalid port \"8000-7000:80\": the range 8000-7000 ends before it starts");
        // "1-65535:80" is one binding, not 65,535 ports: the cap is not reached
        assertThat(Load.service(tmp, "image: nginx\nports: [\"1-65535:80\", \"1-999\"]\n").ports()).hasSize(1000);
    }

    /**
     * The engine binds :: for IPv6 only ("0.0.0.0:80" and "[::]:80" are what a plain "80" binds, and "127.0.0.1:80"
     * runs beside "[::]:80", checked on engine 20.10), so :: conflicts with no address and IPv6 addresses only, and
     * 0.0.0.0 with no address and IPv4 addresses only.
     */
    @Test
    void theUnspecifiedAddressOfOneFamilyConflictsWithThatFamilyOnly() {
        var errors = Load.errors(tmp, """
                services:
                  a:
                    image: nginx
                    ports: ["[::]:7000:1", "0.0.0.0:7001:1", "127.0.0.1:7002:1", "[::1]:7003:1", "7004:1"]
                  b:
                    image: nginx
                    ports: ["127.0.0.1:7000:2", "0.0.0.0:7005:2", "[::]:7001:2", "[::]:7002:2", "0.0.0.0:7003:2"]
                  c:
                    image: nginx
                    ports: ["[::1]:7000:3", "127.0.0.1:7001:3", "0.0.0.0:7002:3", "[::]:7003:3", "[::]:7004:3", "0.0.0.0:7004:4"]
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.c.ports[0] host port 7000/tcp on ::1 is already published by services.a.ports[0]",
                "services.c.ports[1] host port 7001/tcp on 127.0.0.1 is already published by services.a.ports[1]",
                "services.c.ports[2] host port 7002/tcp on 0.0.0.0 is already published by services.a.ports[2]",
                "services.c.ports[3] host port 7003/tcp on :: is already published by services.a.ports[3]",
                "services.c.ports[4] host port 7004/tcp on :: is already published by services.a.ports[4]",
                "services.c.ports[5] host port 7004/tcp on 0.0.0.0 is already published by services.a.ports[4]");
    }
}
