package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", description = "Apply an earlier revision's spec as a new generation (as kubectl rollout undo):"
        + " by default the newest before the current one that did not roll back.")
final class RollbackCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Option(names = "--to", paramLabel = "GENERATION", description = "The revision to go back to (stackd history lists them).")
    Long to;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "5m", paramLabel = "TIMEOUT", converter = Durations.class,
            description = "Wait until the stack is Ready (default timeout when given without a value: ${FALLBACK-VALUE}).")
    Duration wait;

    @Override
    public Integer call() {
        if (to != null && to < 1) throw new CliFailure("--to must be a generation, from 1, not " + to);
        ApiClient api = api();
        String body = to == null ? "{}" : "{\"toGeneration\": " + to + "}";
        JsonNode result = api.ok(api.post("/api/v1/stacks/" + ApiClient.encode(stack) + "/rollback", body), 200).json();
        long generation = result.path("generation").asLong();
        var out = out();
        if (result.path("changed").asBoolean()) {
            out.println("stack " + stack + " rolled back to generation " + result.path("toGeneration").asLong()
                    + "'s spec (now generation " + generation + ")");
        } else {
            out.println("stack " + stack + " already runs generation " + result.path("toGeneration").asLong()
                    + "'s spec (generation " + generation + ", unchanged)");
        }
        out.flush();
        if (wait == null) return 0;
        return new StackWaiter(api, err()).await(stack, generation, wait);
    }
}
