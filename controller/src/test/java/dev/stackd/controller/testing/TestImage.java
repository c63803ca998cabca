package dev.stackd.controller.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.api.model.ServiceSpec.BuildSpec;
import dev.stackd.controller.engine.BuildRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * The image every integration test runs: FROM scratch plus Debian's static busybox, built through the engine's
 * build API (there is no registry to pull from) once per JVM, and not at all when the engine already has it
 * with the same content label.
 */
public final class TestImage {
    public static final String REF = "stackd-test/busybox:1";
    private static final String CONTENT_LABEL = "dev.stackd.test.content";
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    // exec-form RUN: scratch has no shell until busybox has installed its applets (sh, sleep, httpd, wget, ...)
    private static final String DOCKERFILE = """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            RUN ["/bin/busybox", "mkdir", "-m", "1777", "/tmp"]
            CMD ["sleep", "3600"]
            """;

    private static boolean ready;

    private TestImage() {}

    /** Makes sure the engine has {@link #REF}; returns it. */
    public static synchronized String ensure() {
        if (ready) return REF;
        requireStaticBusybox();
        String content = contentHash();
        JsonNode image = RawEngine.get("/images/" + REF + "/json");
        if (image == null || !content.equals(image.path("Config").path("Labels").path(CONTENT_LABEL).asText())) {
            build(content);
        }
        ready = true;
        return REF;
    }

    private static void build(String content) {
        try {
            Path context = Files.createTempDirectory("stackd-test-image");
            Files.copy(BUSYBOX, context.resolve("busybox"));
            Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
            var request = new BuildRequest(new BuildSpec(context.toString(), null, null, null), REF, Map.of(CONTENT_LABEL, content));
            TestEngine.get().buildImage(request, Duration.ofMinutes(2));
            Files.delete(context.resolve("busybox"));
            Files.delete(context.resolve("Dockerfile"));
            Files.delete(context);
        } catch (IOException e) {
            throw new UncheckedIOException("prepare the test image's build context", e);
        }
    }

    private static void requireStaticBusybox() {
        try {
            byte[] elf = Files.readAllBytes(BUSYBOX);
            // a dynamically linked ELF names its interpreter (/lib64/ld-linux-x86-64.so.2 and the like)
            if (new String(elf, StandardCharsets.ISO_8859_1).contains("/ld-linux")) {
                throw new AssertionError(BUSYBOX + " is dynamically linked; the test image needs the static build: apt-get install busybox-static");
            }
        } catch (IOException e) {
            throw new AssertionError("No " + BUSYBOX + " to build the test image from: apt-get install busybox-static", e);
        }
    }

    private static String contentHash() {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(BUSYBOX));
            sha.update(DOCKERFILE.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError("hash the test image's content", e);
        }
    }
}
