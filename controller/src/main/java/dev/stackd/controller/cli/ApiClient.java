package dev.stackd.controller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The CLI's side of the HTTP API. Expected failures become {@link CliFailure}s with a message for people. */
final class ApiClient {
    private final String server;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String server, String token) {
        this.server = server;
        this.token = token;
    }

    /** A status and a body. */
    record Response(int status, String body) {
        JsonNode json() {
            return Json.read(body);
        }
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response put(String path, String body, String contentType) {
        return send(request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** POST with a JSON body. */
    Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** GET that must answer 200; the body as JSON. */
    JsonNode getJson(String path) {
        return ok(get(path), 200).json();
    }

    /** GET that must answer 200; the body read as the API's record of it ({@code StackView}, ...). */
    <T> T get(String path, Class<T> type) {
        return read(getJson(path), type);
    }

    /** An answer as the API's record of it; a field this client does not know is ignored (a newer server). */
    static <T> T read(JsonNode json, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CliFailure("the server's answer is not a " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Fails unless the response has one of the statuses. */
    Response ok(Response r, int... statuses) {
        for (int s : statuses) if (r.status() == s) return r;
        throw failure(r);
    }

    /**
     * Follows a server-sent event stream until it ends or breaks (then returns) or {@code sink} answers false.
     * {@code connected} runs once the server has accepted the watch, before the first message. A stream silent
     * for longer than {@code idle} counts as broken: the server's heartbeats stopped, so its host or the
     * network went away without closing the connection. A watch that cannot start throws a {@link CliFailure},
     * {@linkplain CliFailure#retryable() retryable} when the server is unreachable or answers 5xx. An interrupt
     * while reading ends the stream too: the caller checks for it.
     */
    void watch(String path, String lastEventId, Duration idle, Runnable connected, Predicate<SseMessage> sink) {
        var b = request(path).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<java.util.stream.Stream<String>> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
        if (response.statusCode() != 200) {
            String body;
            try (var lines = response.body()) {
                body = String.join("\n", lines.toList());
            } catch (java.io.UncheckedIOException broken) {
                body = "";
            }
            throw failure(new Response(response.statusCode(), body));
        }
        connected.run();
        var watchdog = new IdleWatchdog(Thread.currentThread(), idle);
        try (var lines = response.body()) {
            SseMessage.read(watchdog.watching(lines.iterator()), m -> {
                if (!sink.test(m)) throw new StopWatching();
            });
        } catch (StopWatching done) {
            // the caller has seen enough
        } catch (java.io.UncheckedIOException broken) {
            // the server went away mid-stream, or fell silent: to the caller, the stream has ended
        } finally {
            watchdog.stop();
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String server() {
        return server;
    }

    private HttpRequest.Builder request(String path) {
        var b = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofMinutes(5));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private Response send(HttpRequest.Builder b) {
        try {
            var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }

    private CliFailure unreachable() {
        return new CliFailure("cannot reach stackd at " + server + ": is `stackd serve` running?", true);
    }

    private static CliFailure failure(Response r) {
        if (r.status() == 401) return new CliFailure("unauthorized: check --token / the token file");
        boolean retryable = r.status() >= 500;
        String error = "HTTP " + r.status();
        List<String> details = new ArrayList<>();
        try {
            JsonNode body = r.json();
            if (body.hasNonNull("error")) error = body.get("error").asText();
            for (JsonNode d : body.path("details")) {
                details.add(new dev.stackd.controller.spec.SpecError(d.path("path").asText(), d.path("message").asText(),
                        d.path("line").asInt(), d.path("column").asInt()).toString());
            }
        } catch (IllegalArgumentException notJson) {
            if (!r.body().isBlank()) error = error + ": " + r.body().strip();
        }
        if (details.isEmpty()) return new CliFailure("error: " + error, retryable);
        return new CliFailure("error: " + error + "\n" + String.join("\n", details), retryable);
    }

    /** Thrown inside the stream reader when the caller wants no more messages. */
    private static final class StopWatching extends RuntimeException {
        StopWatching() {
            super(null, null, false, false);
        }
    }
}
