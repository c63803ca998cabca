package dev.stackd.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.engine.LogLine.Output;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's log bytes (each line after its RFC 3339 time) into lines: chunked anyhow, capped, UTF-8 checked. */
class LogDecoderTest {
    final List<LogLine> lines = new ArrayList<>();

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesAndTheirTimesSurviveAnySplitOfTheBytes() {
        String stream = "2024-05-01T12:00:00.000000001Z hello world\n2024-05-01T12:00:01.5Z second\n";
        byte[] bytes = utf8(stream);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            lines.clear();
            var d = new LogDecoder(64, lines::add);
            for (int i = 0; i < bytes.length; i += chunk) d.accept(Output.STDOUT, bytes, i, Math.min(chunk, bytes.length - i));
            d.finish();
            assertThat(lines).as("chunks of %d bytes", chunk).containsExactly(
                    new LogLine(Output.STDOUT, Instant.parse("2024-05-01T12:00:00.000000001Z"), "hello world", false),
                    new LogLine(Output.STDOUT, Instant.parse("2024-05-01T12:00:01.5Z"), "second", false));
        }
    }

    @Test
    void stdoutAndStderrAreAssembledApartAndMarked() {
        var d = new LogDecoder(64, lines::add);
        d.accept(Output.STDOUT, utf8("2024-05-01T12:00:00Z out "));
        d.accept(Output.STDERR, utf8("2024-05-01T12:00:01Z err\n"));
        d.accept(Output.STDOUT, utf8("line\n"));

        assertThat(lines).extracting(LogLine::stream, LogLine::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Output.STDERR, "err"), org.assertj.core.groups.Tuple.tuple(Output.STDOUT, "out line"));
    }

    @Test
    void aLongLineIsSplitIntoPartialPiecesWithTheLineTimeAndTheEnginesOwnSplitStampIsTakenOff() {
        var d = new LogDecoder(16, lines::add);
        // the engine splits a long line into messages, each with its stamp; here its split and ours are both at 16
        d.accept(Output.STDOUT, utf8("2024-05-01T12:00:00Z 0123456789abcdef2024-05-01T12:00:00.1Z ghij\n"));

        assertThat(lines).containsExactly(
                new LogLine(Output.STDOUT, Instant.parse("2024-05-01T12:00:00Z"), "0123456789abcdef", true),
                new LogLine(Output.STDOUT, Instant.parse("2024-05-01T12:00:00Z"), "ghij", false));
    }

    @Test
    void aLineThatNeverEndsIsHandedOnInPiecesAsItComes() {
        var d = new LogDecoder(16, lines::add);
        d.accept(Output.STDOUT, utf8("2024-05-01T12:00:00Z "));
        byte[] a = new byte[1000];
        java.util.Arrays.fill(a, (byte) 'a');
        d.accept(Output.STDOUT, a);

        // before any newline, nearly all of it has gone on: what is held is one piece and a possible stamp
        int handedOn = lines.stream().mapToInt(l -> l.text().length()).sum();
        assertThat(handedOn).isGreaterThanOrEqualTo(1000 - 16 - 40);
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.text()).hasSize(16);
            assertThat(l.partial()).isTrue();
            assertThat(l.time()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        });
        d.finish();
        assertThat(String.join("", lines.stream().map(LogLine::text).toList())).isEqualTo("a".repeat(1000));
        assertThat(lines.getLast().partial()).isFalse();
    }

    @Test
    void invalidUtf8IsReplacedAndACutNeverSplitsACharacter() {
        var d = new LogDecoder(16, lines::add);
        byte[] bad = {'2', '0', '2', '4', '-', '0', '5', '-', '0', '1', 'T', '1', '2', ':', '0', '0', ':', '0', '0', 'Z', ' ',
                'o', 'k', (byte) 0xFF, (byte) 0xC3, '\n'};
        d.accept(Output.STDOUT, bad);
        // 15 ASCII bytes, then a 2-byte character that would straddle the cap at 16
        d.accept(Output.STDOUT, utf8("2024-05-01T12:00:00Z " + "x".repeat(15) + "é!\n"));

        assertThat(lines.get(0).text()).isEqualTo("ok\uFFFD\uFFFD");
        assertThat(lines.get(1).text()).isEqualTo("x".repeat(15));
        assertThat(lines.get(1).partial()).isTrue();
        assertThat(lines.get(2).text()).isEqualTo("é!");
    }

    @Test
    void aLineWithoutAStampIsTextWithoutATime() {
        var d = new LogDecoder(64, lines::add);
        d.accept(Output.STDOUT, utf8("no stamp here\n\n"));

        assertThat(lines).containsExactly(new LogLine(Output.STDOUT, null, "no stamp here", false),
                new LogLine(Output.STDOUT, null, "", false));
    }
}
