package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.stackd.controller.Daemon;
import dev.stackd.controller.http.ListenAddress;
import dev.stackd.controller.store.DataDirLock;
import dev.stackd.controller.store.Store;
import dev.stackd.controller.testing.LogCapture;
import dev.stackd.controller.testing.RecordingEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code stackd serve} starts: one daemon per data dir, the port bound before any engine call, private files.
 * The engine is a TCP listener that counts connections and closes each at once: stackd's docker client reaches
 * the engine only through it, so zero connections is zero engine calls.
 */
class ServeStartTest {
    @TempDir
    Path dir;
    private final CountingEngine engine = new CountingEngine();
    private Process first;

    @AfterEach
    void stop() throws Exception {
        if (first != null) {
            first.destroy(); // SIGTERM: the shutdown hook closes the daemon
            if (!first.waitFor(30, TimeUnit.SECONDS)) first.destroyForcibly();
        }
        engine.close();
    }

    @Test
    void aSecondServeOnTheSameDataDirIsRefusedNamingTheFirstWhichKeepsRunning() throws Exception {
        Path data = dir.resolve("data");
        // the first daemon is another JVM, under umask 000: its files must still be private
        var pb = new ProcessBuilder("sh", "-c", "umask 000; exec \"$0\" -cp \"$1\" dev.stackd.controller.Main serve"
                + " --data-dir \"$2\" --listen 127.0.0.1:0 --docker-host \"$3\"",
                javaBinary(), System.getProperty("java.class.path"), data.toString(), engine.url());
        pb.redirectErrorStream(true);
        first = pb.start();
        int port = awaitListening(first);
        var second = new CountingEngine();

        var r = serveExpectingItToEnd("--data-dir", data.toString(), "--listen", "127.0.0.1:0", "--docker-host", second.url());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: the data dir " + data + " is in use by another stackd (pid "
                + first.pid() + "): one stackd per data dir. Stop that one first, or give this one another --data-dir.\n");
        Thread.sleep(300);
        assertThat(second.connections()).as("engine calls by the refused daemon").isZero();
        second.close();
        assertThat(first.isAlive()).isTrue();
        var health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(mode(data)).isEqualTo("rwx------");
        for (String f : new String[] {"token", "stackd.db", "stackd.db-wal", "stackd.db-shm", "stackd.lock"}) {
            assertThat(mode(data.resolve(f))).as(f).isEqualTo("rw-------");
        }
    }

    @Test
    void aTakenPortEndsServeBeforeAnyEngineCall() throws Exception {
        try (var store = Store.open(dir)) {
            store.apply("demo", "{\"name\":\"demo\",\"services\":{}}", "", null); // a stack to resync at start
        }
        Cli.Result r;
        int port;
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            r = serveExpectingItToEnd("--data-dir", dir.toString(), "--listen", "127.0.0.1:" + port, "--docker-host", engine.url());
        }
        Thread.sleep(300);

        assertThat(engine.connections()).as("engine calls").isZero();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot listen on 127.0.0.1:" + port + ": ").contains("--listen");
        DataDirLock.acquire(dir).close(); // and the data dir was let go
    }

    @Test
    void listeningBeyondLoopbackLogsOneWarningToPutTlsInFront() {
        var config = new Daemon.Config(dir, null, Duration.ofSeconds(30), 1, 2);
        try (var log = LogCapture.of(Serving.class)) {
            try (var exposed = Serving.start(config, ListenAddress.parse("0.0.0.0:0"), host -> new RecordingEngine())) {
                assertThat(log.lines(Level.WARN)).containsExactly("WARN listening beyond loopback address=0.0.0.0:"
                        + exposed.port() + " tls=none: the API token is root on this host and would cross the network"
                        + " in clear; keep --listen on 127.0.0.1 and put a TLS proxy or an SSH tunnel in front"
                        + " (docs/operations.md, Remote access)");
            }

            try (var local = Serving.start(config, ListenAddress.parse("127.0.0.1:0"), host -> new RecordingEngine())) {
                assertThat(local.port()).isPositive();
            }
            assertThat(log.lines(Level.WARN)).hasSize(1);
        }
        assertThat(ListenAddress.parse("[::1]:7777").loopback()).isTrue();
        assertThat(ListenAddress.parse("localhost:7777").loopback()).isTrue();
        assertThat(ListenAddress.parse("[::]:7777").loopback()).isFalse();
        assertThat(ListenAddress.parse("no-such-host.invalid:7777").loopback()).isFalse();
    }

    /** Runs {@code stackd serve ARGS} in this JVM; a serve that is still running after 30 s fails the test. */
    private static Cli.Result serveExpectingItToEnd(String... args) throws Exception {
        var command = new String[args.length + 1];
        command[0] = "serve";
        System.arraycopy(args, 0, command, 1, args.length);
        var result = new CompletableFuture<Cli.Result>();
        Thread.ofPlatform().daemon().start(() -> result.complete(new Cli(Map.of()).run(command)));
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("serve " + String.join(" ", args) + " is still running after 30 s");
        }
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int awaitListening(Process p) throws IOException {
        return dev.stackd.controller.testing.DaemonOutput.awaitListening(p);
    }

    /** A fake engine on TCP that accepts, counts and hangs up. */
    static final class CountingEngine implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        CountingEngine() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket hangUp = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "tcp://127.0.0.1:" + socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
