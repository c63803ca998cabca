package dev.stackd.controller.engine.dockerjava;

import dev.stackd.controller.engine.BuildRequest;
import dev.stackd.controller.engine.EngineException;
import static dev.stackd.controller.engine.dockerjava.DockerJavaErrors.call;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import dev.stackd.api.model.ServiceSpec.BuildSpec;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Pulls and builds: streamed calls whose errors arrive inside a 200 answer, awaited with a timeout. */
final class DockerJavaImages {
    private DockerJavaImages() {}

    static void pull(DockerClient client, String ref, Duration timeout) {
        call("pull image " + ref, () -> {
            var stream = new Stream<PullResponseItem>();
            var cmd = client.pullImageCmd(repository(ref));
            String tag = tag(ref);
            if (tag != null) cmd.withTag(tag);
            cmd.exec(stream);
            stream.await("pull image " + ref, timeout);
            return null;
        });
    }

    /**
     * Builds, then inspects the tag for the full image ID. The build context must hold the Dockerfile (compose's
     * default); the engine pulls nothing unless FROM names an image it does not have.
     */
    static String build(DockerClient client, BuildRequest request, Duration timeout) {
        BuildSpec spec = request.build();
        String what = "build image " + request.tag();
        return call(what, () -> {
            Path context = Path.of(spec.context());
            File dockerfile = context.resolve(spec.dockerfile() == null ? "Dockerfile" : spec.dockerfile()).toFile();
            var cmd = client.buildImageCmd()
                    .withBaseDirectory(context.toFile())
                    .withDockerfile(dockerfile)
                    .withTags(Set.of(request.tag()))
                    .withForcerm(true) // a failed step leaves no container behind
                    .withLabels(request.labels());
            spec.args().forEach(cmd::withBuildArg);
            if (spec.target() != null) cmd.withTarget(spec.target());
            var stream = new Stream<BuildResponseItem>();
            cmd.exec(stream);
            stream.await(what, timeout);
            if (stream.imageId == null) throw new EngineException(what + ": the engine reported no image ID", 500, null);
            // the stream may carry only the short ID ("Successfully built 1a2b3c"): one inspect gives the full one
            return client.inspectImageCmd(request.tag()).exec().getId();
        });
    }

    static String repository(String ref) {
        if (ref.contains("@")) return ref;
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
    }

    static String tag(String ref) {
        if (ref.contains("@")) return null;
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : "latest";
    }

    /** Collects the first error message of the stream and, for builds, the image ID. */
    private static final class Stream<T extends ResponseItem> extends ResultCallback.Adapter<T> {
        private volatile String error;
        private volatile String imageId;
        private volatile Throwable failure;

        /** Kept for {@link #await}, instead of the template's onError, which logs it as an ERROR. */
        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            closeQuietly();
        }

        @Override
        public void onNext(T item) {
            if (item.isErrorIndicated() && error == null) {
                var detail = item.getErrorDetail();
                error = detail != null && detail.getMessage() != null ? detail.getMessage() : "the engine reported an error without a message";
            }
            if (item instanceof BuildResponseItem b && b.getImageId() != null) imageId = b.getImageId();
        }

        void await(String what, Duration timeout) {
            boolean done;
            try {
                done = awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(what + ": interrupted", 0, e);
            } finally {
                closeQuietly();
            }
            if (failure != null) throw DockerJavaErrors.translate(what, failure);
            if (!done) throw EngineException.timedOut(what + ": not finished after " + timeout, null);
            if (error != null) throw new EngineException(what + ": " + error.strip(), 400, null);
        }

        private void closeQuietly() {
            try {
                close();
            } catch (java.io.IOException ignored) {
                // the stream is over either way
            }
        }
    }
}
