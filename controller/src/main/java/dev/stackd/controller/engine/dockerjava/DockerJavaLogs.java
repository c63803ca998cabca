package dev.stackd.controller.engine.dockerjava;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.LogDecoder;
import dev.stackd.controller.engine.LogLine;
import dev.stackd.controller.engine.LogListener;
import dev.stackd.controller.engine.LogRequest;
import java.time.Duration;

/**
 * One container's log stream: the engine's frames (stdout and stderr multiplexed; one raw stream for a TTY, taken
 * as stdout) through a {@link LogDecoder} to the listener. docker-java reads the response on a thread of its own and
 * calls {@link #onNext} there, so a listener that blocks stops the reading: the engine holds the rest.
 */
final class DockerJavaLogs extends DockerJavaStream<Frame> {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final LogListener listener;
    private final LogDecoder decoder;

    private DockerJavaLogs(LogListener listener) {
        super("container logs");
        this.listener = listener;
        this.decoder = new LogDecoder(LogDecoder.DEFAULT_MAX_LINE_BYTES, line -> {
            try {
                listener.onLine(line);
            } catch (InterruptedException e) {
                throw new Stop();
            }
        });
    }

    /** Opens the stream and waits until the engine has answered it (a container that is gone throws its 404). */
    static AutoCloseable open(DockerClient client, String container, LogRequest request, LogListener listener) {
        var logs = new DockerJavaLogs(listener);
        var cmd = client.logContainerCmd(container).withStdOut(true).withStdErr(true).withTimestamps(true)
                .withFollowStream(request.follow());
        if (request.tail() == null) cmd.withTailAll();
        else cmd.withTail(request.tail());
        if (request.since() != null) cmd.withSince(Math.toIntExact(Math.max(0, request.since().getEpochSecond())));
        cmd.exec(logs);
        if (!logs.awaitStart(START_TIMEOUT)) {
            logs.quietlyClose();
            throw EngineException.timedOut("logs of container " + container + ": the engine did not answer in "
                    + START_TIMEOUT.toSeconds() + " s", null);
        }
        logs.handOut();
        return logs::closeByCaller;
    }

    @Override
    public void onNext(Frame frame) {
        if (hasEnded()) return;
        var output = frame.getStreamType() == StreamType.STDERR ? LogLine.Output.STDERR : LogLine.Output.STDOUT;
        if (frame.getStreamType() == StreamType.STDIN) return;
        try {
            decoder.accept(output, frame.getPayload()); // at once: docker-java reuses the frame's buffer
        } catch (Stop stop) {
            closeByCaller();
        }
    }

    @Override
    public void onComplete() {
        try {
            super.onComplete();
            if (!closedByCaller.get()) {
                try {
                    decoder.finish();
                } catch (Stop stop) {
                    // closed while handing on the last line
                }
            }
        } finally {
            completed(null);
        }
    }

    @Override
    void closed(Throwable error) {
        listener.onClosed(error);
    }

    /** The listener was interrupted: the reader went away. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }
}
