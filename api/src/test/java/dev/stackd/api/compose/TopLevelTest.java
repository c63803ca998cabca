package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.stackd.api.model.NetworkSpec;
import dev.stackd.api.model.VolumeSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopLevelTest {
    @TempDir
    Path tmp;

    @Test
    void networksWithEveryKeyAndEngineNames() {
        var stack = Load.stack(tmp, """
                services:
                  web:
                    image: x
                    networks: [front, back, shared, plain]
                networks:
                  front:
                    driver: bridge
                    driver_opts:
                      com.docker.network.bridge.name: br-front
                    internal: true
                    attachable: true
                    enable_ipv6: false
                    labels: [tier=front]
                    ipam:
                      driver: default
                      config:
                        - subnet: 172.28.0.0/16
                          ip_range: 172.28.5.0/24
                          gateway: 172.28.5.254
                      options:
                        foo: bar
                  back:
                    name: custom-back
                  shared:
                    external: true
                  plain:
                """);
        assertThat(stack.networks().get("front")).isEqualTo(new NetworkSpec("myapp_front", "bridge",
                new TreeMap<>(Map.of("com.docker.network.bridge.name", "br-front")), true, true, false, false,
                new NetworkSpec.Ipam("default", List.of(new NetworkSpec.IpamConfig("172.28.0.0/16", "172.28.5.0/24", "172.28.5.254")),
                        new TreeMap<>(Map.of("foo", "bar"))),
                new TreeMap<>(Map.of("tier", "front"))));
        assertThat(stack.networks().get("back").name()).isEqualTo("custom-back");
        assertThat(stack.networks().get("shared").name()).isEqualTo("shared");
        assertThat(stack.networks().get("shared").external()).isTrue();
        assertThat(stack.networks().get("plain")).isEqualTo(new NetworkSpec("myapp_plain", null, null, false, false, false, null, null, null));
        assertThat(stack.networks()).doesNotContainKey("default");
    }

    @Test
    void volumes() {
        var stack = Load.stack(tmp, """
                services:
                  web:
                    image: x
                    volumes: [data:/data, logs:/logs, old:/old]
                volumes:
                  data:
                    driver: local
                    driver_opts:
                      type: nfs
                      o: addr=10.40.0.199,nolock,soft,rw
                    labels:
                      backup: daily
                  logs:
                    external: true
                  old:
                    external: true
                    name: legacy-volume
                """);
        assertThat(stack.volumes()).containsExactly(
                entry("data", new VolumeSpec("myapp_data", "local",
                        new TreeMap<>(Map.of("type", "nfs", "o", "addr=10.40.0.199,nolock,soft,rw")), false,
                        new TreeMap<>(Map.of("backup", "daily")))),
                entry("logs", new VolumeSpec("logs", null, null, true, null)),
                entry("old", new VolumeSpec("legacy-volume", null, null, true, null)));
    }

    @Test
    void externalResourcesCannotBeConfigured() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: x
                networks:
                  n:
                    external: true
                    driver: bridge
                volumes:
                  v:
                    external:
                      name: old-style
                    name: new-style
                  w:
                    external: {name: x, driver: local}
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "networks.n.driver an external resource is created elsewhere: driver cannot be set",
                "volumes.v.external.name name and external.name conflict: give the engine's name with name: only",
                "volumes.w.external.driver unknown external key \"driver\"");
    }

    @Test
    void yaml11BooleansAreReadAsComposeGoReadsThem() {
        var stack = Load.stack(tmp, """
                services:
                  web: {image: x, init: yes, privileged: "Y", read_only: off, tty: On, stdin_open: no, volumes: [data:/d]}
                volumes:
                  data: {external: yes}
                """);
        var web = stack.service("web");
        assertThat(web.init()).isTrue();
        assertThat(web.privileged()).isTrue();
        assertThat(web.readOnly()).isFalse();
        assertThat(web.tty()).isTrue();
        assertThat(web.stdinOpen()).isFalse();
        assertThat(stack.volumes().get("data").external()).isTrue();
        assertThat(Load.serviceErrors(tmp, "image: x\ninit: maybe")).extracting(e -> e.path() + " " + e.message())
                .containsExactly("services.web.init expected true or false, got \"maybe\"");
    }

    @Test
    void theLegacyExternalNameIsTheEngineNameAsInComposeGo() {
        var stack = Load.stack(tmp, """
                services:
                  web: {image: x, networks: [front], volumes: [data:/data, same:/same]}
                networks:
                  front: {external: {name: shared-front}}
                volumes:
                  data: {external: {name: old-data}}
                  same: {external: {name: one}, name: one}
                """);
        assertThat(stack.networks().get("front").name()).isEqualTo("shared-front");
        assertThat(stack.networks().get("front").external()).isTrue();
        assertThat(stack.volumes().get("data")).isEqualTo(new VolumeSpec("old-data", null, null, true, null));
        assertThat(stack.volumes().get("same").name()).isEqualTo("one");
    }

    @Test
    void secretsAndConfigsNeedASource() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: x
                secrets:
                  token:
                    external: true
                  nothing: {}
                  missing:
                    file: ./nope.txt
                configs:
                  both:
                    content: a
                    environment: B
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "secrets.token.external \"external\" is not supported by stackd: external secrets need Docker swarm: use file or environment",
                "secrets.nothing a secret needs exactly one of file, environment",
                "secrets.missing.file file " + Load.dir(tmp).resolve("nope.txt") + " does not exist",
                "configs.both a config needs exactly one of file, content, environment");
    }
}
