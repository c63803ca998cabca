package dev.stackd.controller.cli;

import dev.stackd.controller.http.StackView;
import dev.stackd.controller.status.StackStatus;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "restart", description = "Restart a service's containers, one by one.")
final class RestartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Parameters(index = "1", paramLabel = "SERVICE", description = "The service.")
    String service;

    @Override
    public Integer call() {
        ApiClient api = api();
        api.ok(api.post("/api/v1/stacks/" + ApiClient.encode(stack) + "/services/" + ApiClient.encode(service) + "/restart"), 202);
        List<String> containers = containers(api);
        var out = out();
        // the server restarts them after answering: say what is under way, not that it is done
        out.println("restarting service " + service + " of stack " + stack
                + (containers.isEmpty() ? "" : ": " + String.join(", ", containers)));
        out.flush();
        return 0;
    }

    /** The service's containers as the last reconcile saw them; none when unknown (no status yet, or unreadable). */
    private List<String> containers(ApiClient api) {
        List<String> names = new ArrayList<>();
        StackStatus status;
        try {
            status = api.get("/api/v1/stacks/" + ApiClient.encode(stack), StackView.class).status();
        } catch (CliFailure e) {
            return names; // the restart was accepted: the names are only a courtesy
        }
        if (status != null) status.containers(service).forEach(c -> names.add(c.name()));
        return names;
    }
}
