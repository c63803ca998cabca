package dev.stackd.controller.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Run a stack's job now, whatever its schedule (as kubectl create job --from=cronjob).")
final class RunCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Parameters(index = "1", paramLabel = "SERVICE", description = "The job (a service with x-stackd.schedule).")
    String service;

    @Override
    public Integer call() {
        ApiClient api = api();
        api.ok(api.post("/api/v1/stacks/" + ApiClient.encode(stack) + "/jobs/" + ApiClient.encode(service) + "/run"), 202);
        var out = out();
        // the next reconcile starts it: say that it is asked for, not that it runs
        out.println("run of job " + service + " of stack " + stack + " requested; see stackd jobs " + stack);
        out.flush();
        return 0;
    }
}
