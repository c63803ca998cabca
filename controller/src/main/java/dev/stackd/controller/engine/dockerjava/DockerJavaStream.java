package dev.stackd.controller.engine.dockerjava;

import com.github.dockerjava.api.async.ResultCallback;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One streamed answer of the engine (the event stream, a container's logs), read by docker-java on a thread of its
 * own: the opener waits until the engine has accepted it, and the listener is told exactly once that it ended. A
 * stream that failed before it started is no stream: the opener throws its error and the listener hears nothing.
 */
abstract class DockerJavaStream<T> extends ResultCallback.Adapter<T> {
    /** What the stream is, for the error of a failed one ("event stream", "container logs"). */
    private final String what;
    final AtomicBoolean closedByCaller = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean streaming;
    private volatile Throwable endedWith;
    private boolean handedOut;

    DockerJavaStream(String what) {
        this.what = what;
    }

    /** Tells the listener that the stream ended: null when closed by the caller or ended as it should. */
    abstract void closed(Throwable error);

    /** Waits until the engine accepted the stream or failed it; false when it did neither within the timeout. */
    final boolean awaitStart(Duration timeout) {
        try {
            return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The opener takes the stream: a stream that failed before it started throws its error instead. */
    final synchronized void handOut() {
        if (!streaming && endedWith instanceof RuntimeException e) throw e;
        handedOut = true;
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        streaming = true;
        started.countDown();
    }

    /** Not the template's onError, which logs every end of the stream (a close by the caller too) as an ERROR. */
    @Override
    public void onError(Throwable error) {
        try {
            quietlyClose();
            end(closedByCaller.get() ? null : DockerJavaErrors.translate(what, error));
        } finally {
            started.countDown();
        }
    }

    /** The engine ended the stream: {@code error} is what the listener is told, unless the caller closed it. */
    final void completed(Throwable error) {
        try {
            end(closedByCaller.get() ? null : error);
        } finally {
            started.countDown();
        }
    }

    final void closeByCaller() {
        closedByCaller.set(true);
        quietlyClose();
        end(null);
    }

    final void quietlyClose() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // the stream is over either way
        }
    }

    final void end(Throwable error) {
        if (!ended.compareAndSet(false, true)) return;
        boolean tell;
        synchronized (this) {
            endedWith = error;
            tell = streaming || handedOut; // else the opener throws it
        }
        if (tell) closed(error);
    }

    final boolean hasEnded() {
        return ended.get();
    }
}
