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
                "services.web.ports[3] invalid port \"9090-9092:8080-8081\": the published range and the container range must have the same length",
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
}
