package dev.stackd.controller.engine;

import dev.stackd.controller.engine.LogLine.Output;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Turns the bytes of the engine's log stream (asked with timestamps) into {@link LogLine}s. The engine starts each
 * line with its RFC 3339 time and a space; the bytes of one stream arrive in chunks of any size (a frame of the
 * multiplexed stream, or a piece of a TTY's raw one), so a line, even its timestamp, may span several chunks.
 *
 * <p>Bounded: a line longer than {@code maxLineBytes} is handed on in pieces of that size (all but the last marked
 * partial, each with the line's time), so a container that never writes a newline costs one piece, not its whole
 * output. The engine itself splits lines longer than 16 KiB into messages each with its own timestamp: after a
 * piece, a timestamp at the start of what follows is taken off. Invalid UTF-8 is replaced (U+FFFD). Not thread-safe:
 * one decoder per stream reader.
 */
public final class LogDecoder {
    /** The engine's own message size: its json-file and local drivers split longer lines there. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;
    /** "2024-05-01T12:00:00.123456789Z" and a zone offset fit well under this; longer is text, not a timestamp. */
    private static final int MAX_TIMESTAMP_BYTES = 40;

    private final int maxLineBytes;
    private final Consumer<LogLine> out;
    private final Line stdout;
    private final Line stderr;

    public LogDecoder(int maxLineBytes, Consumer<LogLine> out) {
        if (maxLineBytes < 16) throw new IllegalArgumentException("maxLineBytes must be 16 or more");
        this.maxLineBytes = maxLineBytes;
        this.out = out;
        this.stdout = new Line(Output.STDOUT); // after maxLineBytes: a line's buffer is that long
        this.stderr = new Line(Output.STDERR);
    }

    /** The next bytes of one stream (for a TTY's single stream: {@link Output#STDOUT}). */
    public void accept(Output stream, byte[] bytes, int offset, int length) {
        Line line = stream == Output.STDERR ? stderr : stdout;
        for (int i = offset; i < offset + length; i++) line.accept(bytes[i]);
    }

    public void accept(Output stream, byte[] bytes) {
        accept(stream, bytes, 0, bytes.length);
    }

    /** The stream ended: a last line without a newline is handed on as it is. */
    public void finish() {
        stdout.flush();
        stderr.flush();
    }

    /** One stream's line in the making. */
    private final class Line {
        private final Output stream;
        private final byte[] text = new byte[maxLineBytes];
        private int length;
        private final byte[] stamp = new byte[MAX_TIMESTAMP_BYTES];
        private int stampLength;
        /** At the start of a line, or right after a piece: a timestamp may come first. */
        private boolean expectStamp = true;
        /** The piece before was cut at the cap: a stamp that follows is the engine's own split, not text. */
        private boolean continued;
        private Instant time;

        Line(Output stream) {
            this.stream = stream;
        }

        void accept(byte b) {
            if (expectStamp) {
                if (b == ' ') {
                    endStamp(true);
                    return;
                }
                if (b != '\n' && stampLength < stamp.length) {
                    stamp[stampLength++] = b;
                    return;
                }
                endStamp(false); // not a timestamp after all: its bytes are text
            }
            if (b == '\n') {
                emit(length, false);
                expectStamp = true;
                continued = false;
                time = null;
                return;
            }
            text[length++] = b;
            if (length == text.length) {
                emit(boundary(), true);
                expectStamp = true;
                continued = true;
            }
        }

        /** The stamp's bytes read as a time (a space ended them), else they are the line's first bytes. */
        private void endStamp(boolean spaceFollowed) {
            expectStamp = false;
            Instant parsed = spaceFollowed ? parse() : null;
            if (parsed != null) {
                if (!continued) time = parsed;
                stampLength = 0;
                return;
            }
            int n = stampLength;
            stampLength = 0;
            for (int i = 0; i < n; i++) {
                text[length++] = stamp[i];
                if (length == text.length) emit(boundary(), true);
            }
            if (spaceFollowed) accept((byte) ' ');
        }

        private Instant parse() {
            try {
                return Instant.parse(new String(stamp, 0, stampLength, StandardCharsets.US_ASCII));
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        /** Where to cut a full buffer without splitting a UTF-8 sequence: before the last one if it is incomplete. */
        private int boundary() {
            int start = length - 1;
            while (start > 0 && start > length - 4 && (text[start] & 0xC0) == 0x80) start--;
            int lead = text[start] & 0xFF;
            int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            return start + needed > length && start > 0 ? start : length;
        }

        /** Hands on the first {@code cut} bytes and keeps the rest for the next piece. */
        private void emit(int cut, boolean partial) {
            out.accept(new LogLine(stream, time, decode(text, cut), partial));
            int rest = length - cut;
            System.arraycopy(text, cut, text, 0, rest);
            length = rest;
        }

        void flush() {
            if (expectStamp && stampLength > 0) endStamp(false);
            if (length > 0) emit(length, false);
        }
    }

    static String decode(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder threw", e);
        }
    }
}
