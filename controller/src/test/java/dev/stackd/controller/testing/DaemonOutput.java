package dev.stackd.controller.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The output of a `stackd serve` a test started as a process. */
public final class DaemonOutput {
    private static final Pattern LISTENING = Pattern.compile("listening address=127\\.0\\.0\\.1:(\\d+)");

    private DaemonOutput() {}

    /**
     * Reads the daemon's log until it says where it listens and returns that port; then drains the rest (a full
     * pipe would stall its logging). When it does not get there within 60 s, the failure says what it printed and
     * its exit code, or where its threads are when it still runs.
     */
    public static int awaitListening(Process p) throws IOException {
        BufferedReader reader = p.inputReader(StandardCharsets.UTF_8);
        var seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            var m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> drain(reader));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the daemon did not start listening:\n" + seen + "\n" + state(p));
    }

    private static String state(Process p) {
        if (!p.isAlive()) return "(it exited with " + p.exitValue() + ")";
        try {
            var jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(p.pid()), "Thread.print").redirectErrorStream(true).start();
            return new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        }
    }

    private static void drain(BufferedReader reader) {
        try {
            while (reader.readLine() != null) {
                // discard
            }
        } catch (IOException closed) {
            // the daemon ended, or the test closed the pipe
        }
    }
}
