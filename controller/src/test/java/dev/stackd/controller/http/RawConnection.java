package dev.stackd.controller.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain TCP connection to the test server, for what an HTTP client library will not do: send a request
 * byte by byte, stop in the middle of a body, or never read.
 */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    RawConnection(ApiServer api) {
        this(api, 0);
    }

    /** With a small receive buffer (bytes; 0: the system's), so that a connection that never reads fills up soon. */
    RawConnection(ApiServer api, int receiveBuffer) {
        try {
            socket = new Socket();
            if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
            socket.connect(new InetSocketAddress("127.0.0.1", api.port), 5000);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the text; false when the server has closed the connection already. */
    boolean send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    boolean send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** One response of a known length, on a connection that stays open. */
    String readResponse() {
        var text = new StringBuilder();
        try {
            socket.setSoTimeout(10_000);
            while (!text.toString().contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) throw new IllegalStateException("closed before a response: " + text);
                text.append((char) b);
            }
            int length = 0;
            for (String line : text.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
            }
            text.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads until the server closes the connection, waiting at most {@code bound} for each read; whatever came
     * before the end. Throws when the connection is still open after {@code bound} of silence.
     */
    String readUntilClosed(Duration bound) {
        var got = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            socket.setSoTimeout((int) bound.toMillis());
            for (int n; (n = in.read(chunk)) >= 0; ) got.write(chunk, 0, n);
        } catch (SocketTimeoutException stillOpen) {
            String text = got.toString(StandardCharsets.UTF_8);
            throw new AssertionError("the connection is still open after " + bound + " of silence; got "
                    + text.length() + " chars, ending: " + text.substring(Math.max(0, text.length() - 400)));
        } catch (SocketException reset) {
            // a reset is a close too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test's socket
        }
    }
}
