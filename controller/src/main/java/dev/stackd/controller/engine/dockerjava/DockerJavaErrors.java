package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.EngineException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ConnectTimeoutException;

/** Turns docker-java's exceptions into {@link EngineException}s carrying the engine's HTTP status (0: no answer). */
final class DockerJavaErrors {
    private DockerJavaErrors() {}

    /** Runs one engine call; {@code what} names it in the error message ("start container web-1"). */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(what, e);
        }
    }

    static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    static EngineException translate(String what, Throwable e) {
        if (e instanceof EngineException ee) return ee;
        if (e instanceof DockerException de) {
            return new EngineException(what + ": " + engineMessage(de), de.getHttpStatus(), de);
        }
        if (causedByTimeout(e)) {
            return EngineException.timedOut(what + ": the engine did not answer in time (" + e.getMessage() + ")", e);
        }
        if (causedByIo(e)) {
            return new EngineException(what + ": the engine did not answer (" + e.getMessage() + ")", 0, e);
        }
        if (e instanceof DockerClientException || e instanceof IllegalArgumentException) {
            // a failed build or pull stream (the engine answered 200, then reported the error), or a request
            // docker-java refused to send: refusals, not outages
            return new EngineException(what + ": " + e.getMessage(), 400, e);
        }
        return new EngineException(what + ": " + e, 500, e);
    }

    /** The response timeout (a socket read) or the connect timeout of the HTTP client. */
    private static boolean causedByTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof ConnectTimeoutException || t instanceof TimeoutException) return true;
        }
        return false;
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof InterruptedIOException) return true;
        }
        return false;
    }

    /** docker-java puts the engine's JSON body ({"message":"..."}) into the message after "Status NNN: ". */
    private static String engineMessage(DockerException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().strip();
        int brace = m.indexOf("{\"message\":\"");
        if (brace >= 0 && m.endsWith("\"}")) {
            return m.substring(brace + 12, m.length() - 2).replace("\\\"", "\"");
        }
        return m;
    }
}
