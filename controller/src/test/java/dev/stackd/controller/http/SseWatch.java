package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.cli.SseMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A test's watch on the event stream: its messages in a queue, and a marker when the server ends it. */
final class SseWatch implements AutoCloseable {
    static final SseMessage END = new SseMessage("end-of-stream", null, "");

    private final BlockingQueue<SseMessage> messages = new LinkedBlockingQueue<>();
    private final Thread reader;
    final HttpResponse<Stream<String>> response;

    SseWatch(ApiServer api, String query, Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(api.uri("/api/v1/events?watch=true" + query))
                .header("Authorization", "Bearer " + ApiServer.TOKEN);
        headers.forEach(b::header);
        response = api.client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        reader = Thread.ofVirtual().start(() -> {
            try (var lines = response.body()) {
                SseMessage.read(lines.iterator(), messages::add);
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
            messages.add(END);
        });
    }

    SseMessage next() throws InterruptedException {
        SseMessage m = messages.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isNotNull();
        return m;
    }

    @Override
    public void close() {
        reader.interrupt();
        response.body().close();
    }
}
