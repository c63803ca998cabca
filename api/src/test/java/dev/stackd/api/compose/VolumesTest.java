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
                  - ./x:/y:bogus
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
                "services.web.volumes[2] unsupported volume option \"bogus\" in \"./x:/y:bogus\": use ro, rw, nocopy, z, Z or a propagation"
                        + " mode (private, rprivate, rshared, rslave, shared, slave)",
                "services.web.volumes[3].type volume type \"npipe\" is not supported by stackd: use volume, bind or tmpfs",
                "services.web.volumes[4] a bind mount needs a source",
                "services.web.volumes[5].bind \"bind\" options given for a mount of type tmpfs");
    }

    /** compose-go format/volume.go: z and Z, the propagation modes, nocopy and rw in the short syntax (the last of a kind wins). */
    @Test
    void shortSyntaxRelabellingPropagationAndNocopy() throws Exception {
        Files.createDirectories(Load.dir(tmp));
        var volumes = Load.result(tmp, """
                services:
                  web:
                    image: nginx
                    volumes:
                      - ./src:/src:z
                      - ./conf:/conf:ro,Z,rshared
                      - data:/data:nocopy,z
                      - ./logs:/logs:ro,rw,slave,rslave
                volumes:
                  data:
                """, java.util.Map.of()).stack().service("web").volumes();
        String dir = Load.dir(tmp).toString();
        assertThat(volumes).containsExactly(
                new MountSpec("bind", dir + "/src", "/src", false, null, true, null, null, null, "z"),
                new MountSpec("bind", dir + "/conf", "/conf", true, null, true, null, null, "rshared", "Z"),
                new MountSpec("volume", "data", "/data", false, null, null, true, null, null, "z"),
                new MountSpec("bind", dir + "/logs", "/logs", false, null, true, null, null, "rslave", null));
    }

    @Test
    void longSyntaxBindOptions() throws Exception {
        Files.createDirectories(Load.dir(tmp));
        var volumes = Load.result(tmp, """
                services:
                  web:
                    image: nginx
                    volumes:
                      - {type: bind, source: ./a, target: /a, bind: {propagation: shared, selinux: z}}
                      - {type: bind, source: ./b, target: /b, bind: {propagation: rprivate, create_host_path: false}}
                      - {type: volume, source: data, target: /d, bind: {selinux: Z}, volume: {nocopy: true}}
                volumes:
                  data:
                """, java.util.Map.of()).stack().service("web").volumes();
        String dir = Load.dir(tmp).toString();
        assertThat(volumes).containsExactly(
                new MountSpec("bind", dir + "/a", "/a", false, null, null, null, null, "shared", "z"),
                new MountSpec("bind", dir + "/b", "/b", false, null, false, null, null, "rprivate", null),
                new MountSpec("volume", "data", "/d", false, null, null, true, null, null, "Z"));
    }

    /** What the engine would refuse or could not do is refused here, each with its path and why. */
    @Test
    void volumeOptionsTheEngineCannotTakeAreRefused() throws Exception {
        Files.createDirectories(Load.dir(tmp));
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: nginx
                    volumes:
                      - data:/a:rshared
                      - {type: bind, source: ./b, target: /b, bind: {propagation: sideways, selinux: q}}
                      - {type: bind, source: ./c, target: /c, bind: {selinux: z, create_host_path: false}}
                      - {type: volume, target: /d, bind: {selinux: z}}
                      - {type: volume, source: data, target: /e, bind: {propagation: shared, create_host_path: true}}
                      - {type: volume, source: data, target: /f, volume: {subpath: x}}
                volumes:
                  data:
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.volumes[0] propagation \"rshared\" applies to bind mounts only: the engine refuses it on a volume"
                        + " (mount a host path to share mounts)",
                "services.web.volumes[1].bind.propagation invalid propagation \"sideways\": expected one of private, rprivate, rshared,"
                        + " rslave, shared, slave",
                "services.web.volumes[1].bind.selinux invalid selinux \"q\": expected z or Z",
                "services.web.volumes[2].bind.selinux selinux relabelling needs the engine's bind call, which creates a missing host"
                        + " path: it cannot be combined with create_host_path: false",
                "services.web.volumes[3].bind.selinux selinux relabelling of an anonymous volume is not supported: name the volume"
                        + " (declare it at the top level)",
                "services.web.volumes[4].bind.propagation propagation \"shared\" applies to bind mounts only: the engine refuses it"
                        + " on a volume (mount a host path to share mounts)",
                "services.web.volumes[4].bind.create_host_path create_host_path applies to bind mounts only",
                "services.web.volumes[5].volume.subpath \"subpath\" is not supported by stackd: volume subpaths need engine API 1.45"
                        + " (Docker 26); stackd speaks API 1.41: mount a named volume whole");
    }
}
