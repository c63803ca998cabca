package dev.stackd.controller.cli;

import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.http.StackView;
import dev.stackd.controller.http.StatusSummary;
import dev.stackd.controller.status.StackStatus;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollout", description = "status: follow the stack's rollout batch by batch until it is done (exit 0),"
        + " paused or rolled back (exit 1); resume: go on with a paused rollout.")
final class RolloutCommand extends ClientCommand {
    enum Action { status, resume }

    @Parameters(index = "0", paramLabel = "ACTION", description = "status or resume.")
    Action action;

    @Parameters(index = "1", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Option(names = "--timeout", defaultValue = "10m", converter = Durations.class,
            description = "status: how long to wait at most (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        ApiClient api = api();
        String path = "/api/v1/stacks/" + ApiClient.encode(stack);
        var out = out();
        if (action == Action.resume) {
            var answer = api.ok(api.post(path + "/rollout/resume"), 200).json();
            var services = new java.util.ArrayList<String>();
            answer.path("resumed").forEach(s -> services.add(s.asText()));
            out.println(services.isEmpty() ? "stack " + stack + " has no paused rollout"
                    : "rollout of stack " + stack + " resumed (" + String.join(", ", services) + ")");
            out.flush();
            return 0;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (true) {
            StackView s = api.get(path, StackView.class);
            StackStatus status = s.status();
            boolean current = s.observed(s.generation());
            var progressing = status == null ? null : status.condition(StackStatus.PROGRESSING);
            String reason = progressing == null ? null : progressing.reason();
            String line = !current || progressing == null ? "generation " + s.generation() + ": not reconciled yet"
                    : "generation " + s.generation() + ": " + reason + ": " + progressing.message();
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
            }
            last = line;
            if (current && status != null && StatusSummary.of(status).done()) {
                out.println("rollout of stack " + stack + " to generation " + s.generation() + " is complete");
                out.flush();
                return 0;
            }
            if (current && (Reasons.ROLLOUT_PAUSED.equals(reason) || Reasons.ROLLED_BACK.equals(reason))) return 1;
            if (System.nanoTime() >= deadline) {
                out.println("timed out after " + Durations.format(timeout) + " following the rollout of stack " + stack);
                out.flush();
                return 1;
            }
            try {
                Thread.sleep(StackWaiter.POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted");
            }
        }
    }
}
