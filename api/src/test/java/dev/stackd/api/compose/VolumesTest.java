package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.ServiceSpec.MountSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumesTest {
    @TempDir
    Path tmp;

    @Test
    void shortSyntax() {
        Path dir = Load.dir(tmp);
        var stack = Load.stack(tmp, """
                services:
                  web:
                    image: nginx
                    volumes:
                      - data:/var/lib/data:ro
                      - ./site:/usr/share/nginx/html
                      - ../shared:/shared:rw
                      - /etc/localtime:/etc/localtime:ro
                      - ~/cache:/cache
                      - /scratch
                volumes:
                  data:
                """, Map.of("HOME", "/home/alice"));
        assertThat(stack.service("web").volumes()).containsExactly(
                new MountSpec("volume", "data", "/var/lib/data", true, null, null, null),
                new MountSpec("bind", dir.resolve("site").toString(), "/usr/share/nginx/html", false, null, true, null),
                new MountSpec("bind", tmp.resolve("shared").toString(), "/shared", false, null, true, null),
                new MountSpec("bind", "/etc/localtime", "/etc/localtime", true, null, true, null),
                new MountSpec("bind", "/home/alice/cache", "/cache", false, null, true, null),
                new MountSpec("volume", null, "/scratch", false, null, null, null));
    }

    @Test
    void longSyntax() {
        Path dir = Load.dir(tmp);
        var stack = Load.stack(tmp, """
                services:
                  web:
                    image: nginx
                    volumes:
                      - type: volume
                        source: data
                        target: /data
                        read_only: true
                        volume:
                          nocopy: true
                      - type: bind
                        source: ./conf
                        target: /etc/nginx/conf.d
                        bind:
                          create_host_path: false
                      - type: tmpfs
                        target: /tmp
                        tmpfs:
                          size: 64m
                      - type: volume
                        target: /anon
                    tmpfs: /run
                volumes:
                  data: {}
                """);
        assertThat(stack.service("web").volumes()).containsExactly(
                new MountSpec("volume", "data", "/data", true, null, null, true),
                new MountSpec("bind", dir.resolve("conf").toString(), "/etc/nginx/conf.d", false, null, false, null),
                new MountSpec("tmpfs", null, "/tmp", false, 64L * 1024 * 1024, null, null),
                new MountSpec("volume", null, "/anon", false, null, null, null),
                new MountSpec("tmpfs", null, "/run", false, null, null, null));
    }

    @Test
    void errors() throws Exception {
        Files.createDirectories(Load.dir(tmp));
        var errors = Load.serviceErrors(tmp, """
                image: nginx
                volumes:
                  - undeclared:/data
                  - ./x:relative
                  - ./x:/y:z
                  - type: npipe
                    source: x
                    target: /x
                  - type: bind
                    target: /x
                  - type: tmpfs
                    target: /t
                    bind:
                      create_host_path: true
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.volumes[0] volume \"undeclared\" is not defined in the top-level volumes",
                "services.web.volumes[1] the mount target must be an absolute path in the container, got \"relative\"",
                "services.web.volumes[2] unsupported volume option \"z\" in \"./x:/y:z\": use ro, rw or nocopy",
                "services.web.volumes[3].type volume type \"npipe\" is not supported by stackd: use volume, bind or tmpfs",
                "services.web.volumes[4] a bind mount needs a source",
                "services.web.volumes[5].bind \"bind\" options given for a mount of type tmpfs");
    }
}
