package dev.stackd.controller.exec;

import dev.stackd.controller.plan.Operation;
import java.util.List;

/**
 * What running a plan did.
 *
 * @param done    operations that succeeded, in the order they finished
 * @param failed  operations that failed, with the engine's message
 * @param skipped operations not attempted because an earlier one of their service, or a dependency, failed
 */
public record Execution(List<Operation> done, List<Failure> failed, List<Operation> skipped) {
    public Execution {
        done = List.copyOf(done);
        failed = List.copyOf(failed);
        skipped = List.copyOf(skipped);
    }

    public record Failure(Operation operation, RuntimeException error) {}

    public boolean succeeded() {
        return failed.isEmpty();
    }
}
