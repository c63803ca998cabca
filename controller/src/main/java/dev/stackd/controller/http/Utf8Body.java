package dev.stackd.controller.http;

import dev.stackd.controller.spec.SpecError;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A request body as text, decoded strictly: a byte sequence that is not UTF-8 is a 422 naming where it is,
 * instead of a U+FFFD that would be stored in the spec, passed to the engine, and shown back as if sent.
 */
final class Utf8Body {
    private Utf8Body() {
    }

    static String decode(Buffer body) {
        if (body == null || body.length() == 0) return "";
        byte[] bytes = body.getBytes();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) throw invalid(bytes, in.position());
        return out.flip().toString();
    }

    private static ApiException invalid(byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String message = String.format("the body is not valid UTF-8: byte 0x%02x at byte %d (line %d) does not"
                + " start a UTF-8 character or ends one too early", bytes[offset] & 0xFF, offset, line);
        return ApiException.invalid(message, List.of(new SpecError("", message, line, offset - lineStart + 1)));
    }
}
