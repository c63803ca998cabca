package dev.stackd.controller.http;

import dev.stackd.controller.spec.ComposeSpecParser;
import dev.stackd.controller.store.Store;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/** A real API server on an ephemeral port, over a real store, with a fake backend; and a client for it. */
public final class ApiServer implements AutoCloseable {
    public static final String TOKEN = "test-token-0123456789abcdef0123456789"; // 32 bytes at least, as stackd requires

    final Vertx vertx;
    public final Store store;
    /** The data dir of its store. */
    public final Path dataDir;
    public final FakeBackend backend;
    /** The server answering now: {@link #listenAgain} replaces it. */
    public volatile HttpServer server;
    final int port;
    private final HttpOptions options;
    final HttpClient client = HttpClient.newHttpClient();

    public ApiServer(Path dataDir) {
        this(dataDir, HttpOptions.defaults());
    }

    ApiServer(Path dataDir, HttpOptions options) {
        // one event loop: a test can then hold every connection's loop still
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        this.dataDir = dataDir;
        store = Store.open(dataDir);
        backend = new FakeBackend(store);
        this.options = options;
        server = new HttpServer(vertx, backend, new ComposeSpecParser(), ApiToken.of(TOKEN), options);
        port = server.start("127.0.0.1", 0);
    }

    /** Stops answering, as a stackd that went away: open connections, watches included, are closed. */
    public void stopListening() {
        server.close();
    }

    /** Answers again on the same port over the same store, as a restarted stackd. */
    public void listenAgain() {
        server = new HttpServer(vertx, backend, new ComposeSpecParser(), ApiToken.of(TOKEN), options);
        server.start("127.0.0.1", port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    URI uri(String path) {
        return URI.create(url() + path);
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    HttpResponse<String> put(String path, String body, String contentType) {
        return send("PUT", path, body, contentType, Map.of());
    }

    public HttpResponse<String> putYaml(String name, String yaml) {
        return put("/api/v1/stacks/" + name, yaml, "application/yaml");
    }

    HttpResponse<String> send(String method, String path, String body, String contentType, Map<String, String> headers) {
        var b = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Authorization")) b.header("Authorization", "Bearer " + TOKEN);
        headers.forEach((k, v) -> {
            if (v != null) b.header(k, v);
        });
        if (contentType != null) b.header("Content-Type", contentType);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        store.close();
    }
}
