package dev.stackd.controller.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "restart", description = "Restart a service's replicas, one by one, each once the one before is ready again.")
final class RestartCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Parameters(index = "1", paramLabel = "SERVICE", description = "The service.")
    String service;

    @Override
    public Integer call() {
        ApiClient api = api();
        var answer = api.ok(api.post("/api/v1/stacks/" + ApiClient.encode(stack) + "/services/" + ApiClient.encode(service) + "/restart"), 202).json();
        var out = out();
        // the request is stored and the reconciles carry it out: say what is under way, not that it is done
        out.println("restart of service " + service + " of stack " + stack + " requested at " + answer.path("requestedAt").asText()
                + "; the replicas started before then are restarted one by one (stackd describe " + stack + " shows how far)");
        out.flush();
        return 0;
    }
}
