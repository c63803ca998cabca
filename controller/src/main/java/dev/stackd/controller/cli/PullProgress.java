package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.exec.ImagePulls;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code apply --pull} shows on stderr while the server pulls: the images it asked for, then every
 * {@code every} a line saying it still waits (a pull of a large image takes minutes, and a silent CLI looks hung),
 * then what was pulled. Each line is whole: the output may go to a log, not a terminal.
 */
final class PullProgress implements AutoCloseable {
    private final PrintWriter err;
    private final long startedAt = System.nanoTime();
    private final Thread ticker;

    private PullProgress(PrintWriter err, Duration every) {
        this.err = err;
        this.ticker = Thread.ofVirtual().name("stackd-pull-progress").start(() -> tick(every));
    }

    static PullProgress start(PrintWriter err, String stack, String mode, List<ImagePulls.Target> images, Duration every) {
        var refs = images.stream().map(ImagePulls.Target::ref).toList();
        synchronized (err) {
            if (mode.equals("never")) err.println("stack " + stack + ": checking that every image is on the server (pull never)");
            else if (refs.isEmpty()) err.println("stack " + stack + ": no image to pull (services build, or pull_policy never/build)");
            else err.println("stack " + stack + ": pulling " + (mode.equals("missing") ? "the missing ones of " : "")
                    + String.join(", ", refs) + " on the server");
            err.flush();
        }
        return new PullProgress(err, every);
    }

    private void tick(Duration every) {
        try {
            while (true) {
                Thread.sleep(every);
                long seconds = (System.nanoTime() - startedAt) / 1_000_000_000L;
                synchronized (err) {
                    err.println("  still pulling (" + seconds + "s)");
                    err.flush();
                }
            }
        } catch (InterruptedException done) {
            // the answer came
        }
    }

    /** The server's {@code pulled} list, once it answered. */
    void pulled(JsonNode pulled) {
        stop();
        var refs = new ArrayList<String>();
        pulled.forEach(r -> refs.add(r.asText()));
        long seconds = (System.nanoTime() - startedAt) / 1_000_000_000L;
        synchronized (err) {
            err.println(refs.isEmpty() ? "  nothing pulled" : "  pulled " + String.join(", ", refs) + " (" + seconds + "s)");
            err.flush();
        }
    }

    private void stop() {
        ticker.interrupt();
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
