package dev.stackd.controller.cli;

import dev.stackd.controller.Daemon;
import dev.stackd.controller.engine.Engine;
import dev.stackd.controller.http.ApiToken;
import dev.stackd.controller.http.HttpServer;
import dev.stackd.controller.http.ListenAddress;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code stackd serve}: the daemon and its API. The start order is the point: the data dir is locked
 * first (a second daemon stops there), and the port is bound before the control loop starts, so a daemon that
 * cannot serve ends without a single engine call.
 */
final class Serving implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Serving.class);

    private final Daemon daemon;
    private final HttpServer http;
    private final int port;

    private Serving(Daemon daemon, HttpServer http, int port) {
        this.daemon = daemon;
        this.http = http;
        this.port = port;
    }

    static Serving start(Daemon.Config config, ListenAddress address, Function<String, Engine> engines) {
        // Vert.x starts on another thread while the store opens: start-up time
        var vertx = CompletableFuture.supplyAsync(Vertx::vertx);
        Daemon daemon = null;
        HttpServer http = null;
        try {
            daemon = Daemon.open(config, engines);
            http = HttpServer.owning(vertx.join(), daemon, ApiToken.loadOrCreate(config.dataDir()));
            int port = listen(http, address);
            if (!address.loopback()) {
                log.warn("listening beyond loopback address={} tls=none: the API token is root on this host and"
                        + " would cross the network in clear; keep --listen on 127.0.0.1 and put a TLS proxy or an"
                        + " SSH tunnel in front (docs/operations.md, Remote access)", new ListenAddress(address.host(), port));
            }
            daemon.start();
            log.info("listening address={}:{} token-file={}", address.host(), port,
                    config.dataDir().resolve(ApiToken.FILE_NAME));
            return new Serving(daemon, http, port);
        } catch (RuntimeException e) {
            if (http != null) http.close();
            else vertx.thenAccept(Vertx::close);
            if (daemon != null) daemon.close();
            throw e;
        }
    }

    private static int listen(HttpServer http, ListenAddress address) {
        try {
            return http.start(address.host(), address.port());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + address + ": " + e.getMessage()
                    + " (another program on that port? choose another with --listen)", e);
        }
    }

    int port() {
        return port;
    }

    Daemon daemon() {
        return daemon;
    }

    /** Graceful: the API first (no new requests), then the daemon, which lets the data dir go. */
    @Override
    public void close() {
        http.close();
        daemon.close();
    }
}
