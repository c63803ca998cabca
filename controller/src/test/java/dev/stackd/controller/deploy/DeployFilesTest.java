package dev.stackd.controller.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files under deploy/: they must agree with the build and install cleanly. No Docker, no systemd needed. */
class DeployFilesTest {

    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("deploy"))) p = p.getParent();
        assertThat(p).as("a parent directory holding deploy/").isNotNull();
        return p;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void dockerfileCopiesTheJarTheBuildProduces() throws IOException {
        Path repo = repo();
        String pom = read(repo.resolve("controller/pom.xml"));
        Matcher fn = Pattern.compile("<finalName>\\s*([^<\\s]+)\\s*</finalName>").matcher(pom);
        assertThat(fn.find()).as("the shade plugin's finalName in controller/pom.xml").isTrue();
        String built = "controller/target/" + fn.group(1) + ".jar";

        String dockerfile = read(repo.resolve("deploy/Dockerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+(\\S+)\\s*$").matcher(dockerfile);
        List<String> sources = new ArrayList<>();
        while (copy.find()) sources.add(copy.group(1));
        assertThat(sources).containsExactly(built);
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:21-jre\\s*$");
        assertThat(dockerfile).contains("/var/run/docker.sock").containsIgnoringCase("root on the host");
    }

    @Test
    void unitHasTheRequiredKeys() throws IOException {
        String unit = read(repo().resolve("deploy/stackd.service"));
        assertThat(unit).containsPattern("(?m)^After=.*\\bdocker\\.service\\b");
        assertThat(unit).containsPattern("(?m)^Wants=.*\\bdocker\\.service\\b");
        assertThat(unit).containsPattern("(?m)^Restart=always$");
        assertThat(unit).containsPattern("(?m)^StateDirectory=stackd$");
        // the data dir holds the token (root on the host) and the specs: private, as stackd makes its own files
        assertThat(unit).containsPattern("(?m)^StateDirectoryMode=0700$");
        assertThat(unit).containsPattern("(?m)^UMask=0077$");
        assertThat(unit).containsPattern(
                "(?m)^ExecStart=@JAVA@ .*-jar /opt/stackd/stackd\\.jar serve --data-dir /var/lib/stackd$");
        assertThat(unit).containsPattern("(?m)^NoNewPrivileges=yes$");
        assertThat(unit).containsPattern("(?m)^ProtectSystem=strict$");
        assertThat(unit).containsPattern("(?m)^ReadWritePaths=/var/lib/stackd$");
        assertThat(unit).containsPattern("(?m)^ProtectHome=yes$");
        assertThat(unit).containsPattern("(?m)^PrivateTmp=yes$");
        assertThat(unit).doesNotContainPattern("(?m)^PrivateNetwork=");
        assertThat(unit).containsPattern("(?m)^WantedBy=multi-user\\.target$");
    }

    private record Run(int exit, String output) {}

    private static Run install(Path repo, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", repo.resolve("deploy/install.sh").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("install.sh finished").isTrue();
        return new Run(p.exitValue(), out);
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(f -> !f.equals(root)).toList();
        }
    }

    @Test
    void installThenUninstallUnderATemporaryRoot(@TempDir Path tmp) throws Exception {
        Path repo = repo();
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path jar = Files.writeString(tmp.resolve("fake-stackd.jar"), "not really a jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        Run first = install(repo, "--root", root.toString(), "--jar", jar.toString(), "--java", java.toString());
        assertThat(first.exit()).as(first.output()).isZero();
        Path installedJar = root.resolve("opt/stackd/stackd.jar");
        Path unit = root.resolve("etc/systemd/system/stackd.service");
        assertThat(installedJar).hasSameBinaryContentAs(jar);
        String unitText = read(unit);
        assertThat(unitText).contains("ExecStart=" + java + " ").doesNotContain("@JAVA@");

        Run again = install(repo, "--root", root.toString(), "--jar", jar.toString(), "--java", java.toString());
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("up to date");
        assertThat(read(unit)).isEqualTo(unitText);

        Run uninstall = install(repo, "--uninstall", "--root", root.toString());
        assertThat(uninstall.exit()).as(uninstall.output()).isZero();
        assertThat(files(root)).isEmpty();

        Run twice = install(repo, "--uninstall", "--root", root.toString());
        assertThat(twice.exit()).as(twice.output()).isZero();
        assertThat(twice.output()).contains("nothing to remove");
    }

    @Test
    void uninstallKeepsTheDataDirUnlessPurged(@TempDir Path tmp) throws Exception {
        Path repo = repo();
        Path jar = Files.writeString(tmp.resolve("fake.jar"), "x");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertThat(install(repo, "--root", tmp.toString(), "--jar", jar.toString(), "--java", java.toString()).exit())
                .isZero();
        Path token = Files.createDirectories(tmp.resolve("var/lib/stackd")).resolve("token");
        Files.writeString(token, "secret");
        assertThat(install(repo, "--uninstall", "--root", tmp.toString()).exit()).isZero();
        assertThat(token).exists();
        assertThat(install(repo, "--uninstall", "--purge", "--root", tmp.toString()).exit()).isZero();
        assertThat(tmp.resolve("var/lib/stackd")).doesNotExist();
    }

    @Test
    void unknownOptionsAndOldJavasAreRefused(@TempDir Path tmp) throws Exception {
        Path repo = repo();
        Run bad = install(repo, "--frobnicate");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.output()).contains("unknown option");
        Path fakeJava = tmp.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
        assertThat(fakeJava.toFile().setExecutable(true)).isTrue();
        Path jar = Files.writeString(tmp.resolve("fake.jar"), "x");
        Path root = Files.createDirectory(tmp.resolve("root"));
        Run old = install(repo, "--root", root.toString(), "--jar", jar.toString(), "--java", fakeJava.toString());
        assertThat(old.exit()).isNotZero();
        assertThat(old.output()).contains("needs 21 or newer");
        assertThat(files(root)).isEmpty();
    }
}
