package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.exec.ImagePulls;
import dev.stackd.controller.http.HttpServer;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.spec.ParsedStack;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "apply", description = "Apply a compose project: load its files here, then store it as the stack's desired state.")
final class ApplyCommand extends OutputCommand {
    @Mixin
    ManifestFile manifest;

    @Option(names = "--dry-run", description = "Store nothing; show what a reconcile would do.")
    boolean dryRun;

    @Option(names = "--adopt", description = "Take over what docker compose runs under the stack's name: containers that"
            + " match the spec keep running, the others are recreated; networks and volumes are kept as they are."
            + " Without it, such a project is refused (409).")
    boolean adopt;

    @Option(names = "--pull", arity = "0..1", fallbackValue = "always", paramLabel = "POLICY",
            description = "Pull the images on the server before the new generation is stored, as docker compose pull"
                    + " && up -d: always (the default when given without a value), missing (only images the engine"
                    + " does not have), never (pull nothing; fail if an image is not there). Services that build, or"
                    + " whose pull_policy is never or build, are not pulled. A failed pull stores nothing.")
    String pull;

    @Option(names = "--pull-timeout", paramLabel = "TIMEOUT", converter = Durations.class, defaultValue = "5m",
            description = "The longest the pulls may take, all of them (1s to 1h; default ${DEFAULT-VALUE}).")
    Duration pullTimeout;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "5m", paramLabel = "TIMEOUT",
            converter = Durations.class,
            description = "Wait until the stack is Ready (default timeout when given without a value: ${FALLBACK-VALUE}).")
    Duration wait;

    /** How often a long pull says it still runs. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** The server's answer may come this long after its pull timeout (the store, the reply). */
    private static final Duration REQUEST_MARGIN = Duration.ofMinutes(1);

    @Override
    public Integer call() {
        var out = out();
        ManifestFile.Loaded loaded = manifest.load(root.env(), err());
        ParsedStack parsed = loaded.stack();
        ApiClient api = api();
        String body = Json.write(ManifestFile.envelope(loaded, Json.read(parsed.canonicalJson())));
        String stack = parsed.spec().name();
        String query = (dryRun ? "&dryRun=true" : "") + (adopt ? "&adopt=true" : "")
                + (pull == null ? "" : "&pull=" + ApiClient.encode(pull) + "&pullTimeout=" + Math.max(1, pullTimeout.toSeconds()));
        String path = "/api/v1/stacks/" + ApiClient.encode(stack) + (query.isEmpty() ? "" : "?" + query.substring(1));
        JsonNode result;
        if (pull == null || dryRun) {
            result = api.ok(api.put(path, body, HttpServer.SPEC_MEDIA_TYPE), 200, 201).json();
        } else {
            // the server answers once every pull is done: say what it pulls, and that it still does on a long wait
            try (var progress = PullProgress.start(err(), stack, pull, ImagePulls.candidates(parsed.spec()), PROGRESS_EVERY)) {
                result = api.ok(api.put(path, body, HttpServer.SPEC_MEDIA_TYPE, pullTimeout.plus(REQUEST_MARGIN)), 200, 201).json();
                progress.pulled(result.path("pulled"));
            }
        }
        if (!output.printData(out, result)) printResult(out, stack, result);
        if (dryRun || wait == null) return 0;
        return new StackWaiter(api, err()).await(stack, result.path("generation").asLong(), wait);
    }

    private void printResult(java.io.PrintWriter out, String stack, JsonNode result) {
        long generation = result.path("generation").asLong();
        if (dryRun) out.print(result.path("plan").asText());
        else if (result.path("created").asBoolean()) out.println("stack " + stack + " created (generation " + generation + ")");
        else if (result.path("changed").asBoolean()) out.println("stack " + stack + " updated to generation " + generation);
        else out.println("stack " + stack + " unchanged (generation " + generation + ")");
        out.flush();
    }
}
