package dev.stackd.controller.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.controller.engine.LogLine;
import dev.stackd.controller.engine.LogLine.Output;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Lines of several containers into one stream in the engine's time order; bounded per container. */
class LogMergeTest {
    static final Instant T = Instant.parse("2024-05-01T12:00:00Z");
    final AtomicLong now = new AtomicLong();

    static LogEntry line(String container, long seconds, String text) {
        return new LogEntry(container, "web", new LogLine(Output.STDOUT, T.plusSeconds(seconds), text, false));
    }

    LogMerge merge(boolean follow, long sourceBytes) {
        return new LogMerge(follow, Duration.ofMillis(100), sourceBytes, now::get);
    }

    static List<String> drain(LogMerge m) {
        var out = new ArrayList<String>();
        for (LogEntry e; (e = m.poll()) != null; ) out.add(e.container() + ":" + e.line().text());
        return out;
    }

    @Test
    void backlogsAreMergedInTimeOrderOnlyOnceEveryContainerHasSentItsOwn() throws Exception {
        var m = merge(false, 1 << 20);
        m.open("a", "web-1", false);
        m.open("b", "web-2", false);
        m.put("a", line("web-1", 1, "a1"));
        m.put("a", line("web-1", 3, "a3"));

        assertThat(m.poll()).as("web-2's backlog may hold an earlier line").isNull();
        m.put("b", line("web-2", 2, "b2"));
        m.put("b", line("web-2", 4, "b4"));
        m.end("b");
        m.end("a");

        assertThat(drain(m)).containsExactly("web-1:a1", "web-2:b2", "web-1:a3", "web-2:b4");
        assertThat(m.take()).as("every container ended and everything was taken").isNull();
    }

    @Test
    void equalTimesGoInContainerOrderAndLinesWithoutATimeAtOnce() throws Exception {
        var m = merge(false, 1 << 20);
        m.open("b", "web-2", false);
        m.open("a", "web-1", false);
        m.put("b", line("web-2", 1, "b1"));
        m.put("a", line("web-1", 1, "a1"));
        m.put("a", new LogEntry("web-1", "web", new LogLine(Output.STDERR, null, "no time", false)));
        m.end("a");
        m.end("b");

        assertThat(drain(m)).containsExactly("web-1:a1", "web-1:no time", "web-2:b1");
    }

    @Test
    void aFollowedLineWaitsForAQuietContainerOnlyForTheWindow() throws Exception {
        var m = merge(true, 1 << 20);
        m.open("a", "web-1", true);
        m.open("b", "web-2", true);
        m.put("a", line("web-1", 5, "a5"));

        assertThat(m.poll()).as("web-2 may have an earlier line on its way").isNull();
        now.addAndGet(Duration.ofMillis(99).toNanos());
        assertThat(m.poll()).isNull();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(drain(m)).containsExactly("web-1:a5");
        // an earlier line that arrives within the window goes first
        m.put("a", line("web-1", 7, "a7"));
        m.put("b", line("web-2", 6, "b6"));
        assertThat(drain(m)).containsExactly("web-2:b6");
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(drain(m)).containsExactly("web-1:a7");
    }

    @Test
    void aFollowedStreamGoesOnAfterEveryContainerEndedUntilAskedToEnd() throws Exception {
        var m = merge(true, 1 << 20);
        m.open("a", "web-1", false);
        m.put("a", line("web-1", 1, "a1"));
        m.end("a");
        assertThat(m.take().line().text()).isEqualTo("a1");

        var next = CompletableFuture.supplyAsync(() -> {
            try {
                return m.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        m.open("c", "web-1", true); // the replica's new container
        m.put("c", line("web-1", 9, "c9"));
        assertThat(next.get().line().text()).isEqualTo("c9");

        m.end("c");
        m.endWhenDrained();
        assertThat(m.take()).isNull();
    }

    @Test
    void aContainerThatSendsMoreThanItsShareWaitsUntilTheMergeTakesSome() throws Exception {
        long oneLine = line("web-1", 0, "x").size();
        var m = merge(false, 3 * oneLine);
        m.open("a", "web-1", false);
        for (int i = 0; i < 3; i++) m.put("a", line("web-1", i, "x"));

        var fourth = CompletableFuture.runAsync(() -> {
            try {
                m.put("a", line("web-1", 3, "x"));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(m.heldBytes()).isEqualTo(3 * oneLine);
        assertThat(fourth).isNotDone();
        m.end("a"); // the reader still waits to put its line: ending does not drop it
        assertThat(m.take()).isNotNull();
        fourth.get();
        assertThat(m.heldBytes()).isEqualTo(3 * oneLine);
    }

    @Test
    void closingDropsWhatIsHeldAndStopsAWaitingReader() throws Exception {
        long oneLine = line("web-1", 0, "x").size();
        var m = merge(true, oneLine);
        m.open("a", "web-1", true);
        m.put("a", line("web-1", 0, "x"));
        var blocked = CompletableFuture.supplyAsync(() -> {
            try {
                m.put("a", line("web-1", 1, "x"));
                return "put";
            } catch (InterruptedException e) {
                return "stopped";
            }
        });
        m.close();

        assertThat(blocked.get()).isEqualTo("stopped");
        assertThat(m.heldBytes()).isZero();
        assertThat(m.take()).isNull();
        assertThatThrownBy(() -> m.put("a", line("web-1", 2, "x"))).isInstanceOf(InterruptedException.class);
    }
}
