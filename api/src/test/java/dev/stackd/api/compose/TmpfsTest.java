package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.ServiceSpec.MountSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tmpfs:} short syntax with options, read as compose hands them to the engine: size and mode, range-checked. */
class TmpfsTest {
    @TempDir
    java.nio.file.Path tmp;

    @Test
    void shortSyntaxWithSizeAndMode() {
        var stack = Load.stack(tmp, """
                services:
                  web:
                    image: nginx
                    tmpfs:
                      - /run:size=64m,mode=1777
                      - /cache:mode=0700
                      - /scratch:size=1g
                      - /plain
                """, Map.of());
        assertThat(stack.service("web").volumes()).containsExactly(
                new MountSpec("tmpfs", null, "/run", false, 64L << 20, null, null, 01777),
                new MountSpec("tmpfs", null, "/cache", false, null, null, null, 0700),
                new MountSpec("tmpfs", null, "/scratch", false, 1L << 30, null, null, null),
                new MountSpec("tmpfs", null, "/plain", false, null, null, null, null));
    }

    @Test
    void aSingleStringTakesOptionsToo() {
        var stack = Load.stack(tmp, "services:\n  web:\n    image: nginx\n    tmpfs: /run:size=100k\n", Map.of());
        assertThat(stack.service("web").volumes()).containsExactly(new MountSpec("tmpfs", null, "/run", false, 100L * 1024, null, null, null));
    }

    @Test
    void longSyntaxModeIsOctalWithALeadingZero() {
        var stack = Load.stack(tmp, """
                services:
                  web:
                    image: nginx
                    volumes:
                      - type: tmpfs
                        target: /run
                        tmpfs: {size: 1m, mode: "01777"}
                      - type: tmpfs
                        target: /t
                        tmpfs: {mode: 0o700}
                """, Map.of());
        assertThat(stack.service("web").volumes()).extracting(MountSpec::tmpfsMode).containsExactly(01777, 0700);
    }

    @Test
    void everyOptionIsCheckedAndNamedWhenWrong() {
        var errors = Load.serviceErrors(tmp, """
                image: nginx
                tmpfs:
                  - /a:size=64x
                  - /b:mode=8
                  - /c:mode=17777
                  - /d:noexec
                  - /e:size=1m,size=2m
                  - relative:size=1m
                  - /f:size=0.5
                  - /g:mode
                volumes:
                  - type: tmpfs
                    target: /h
                    tmpfs: {mode: 1777}
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.tmpfs[0] invalid tmpfs size \"64x\": expected a byte size like 512m or 1g",
                "services.web.tmpfs[1] invalid tmpfs mode \"8\": expected octal permission bits like 1777 or 0755",
                "services.web.tmpfs[2] invalid tmpfs mode \"17777\": expected a mode between 0 and 7777 (octal)",
                "services.web.tmpfs[3] tmpfs option \"noexec\" is not supported by stackd: only size and mode (the engine's tmpfs mount takes no others)",
                "services.web.tmpfs[4] invalid tmpfs size \"2m\": size needs one value: size=64m",
                "services.web.tmpfs[5] a tmpfs target must be an absolute path, got \"relative\"",
                "services.web.tmpfs[6] invalid tmpfs size \"0.5\": a nonzero size under one byte",
                "services.web.tmpfs[7] invalid tmpfs mode \"mode\": mode needs one value: mode=1777",
                "services.web.volumes[0].tmpfs.mode invalid tmpfs mode \"1777\": write it in octal with a leading 0 or 0o (01777): compose reads 1777 as a decimal number");
    }
}
