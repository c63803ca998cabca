package dev.stackd.controller.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Commands whose issues have not landed yet: they say so and fail. */
final class NotYetAvailable {
    private NotYetAvailable() {}

    abstract static class Base implements Callable<Integer> {
        @Unmatched
        java.util.List<String> ignored;

        @Override
        public Integer call() {
            var name = getClass().getAnnotation(Command.class).name();
            System.err.println("stackd " + name + ": not yet available in this version");
            return 1;
        }
    }

    @Command(name = "apply", description = "Apply a compose file (not yet available).") static final class Apply extends Base {}
    @Command(name = "get", description = "List stacks (not yet available).") static final class Get extends Base {}
    @Command(name = "describe", description = "Describe a stack (not yet available).") static final class Describe extends Base {}
    @Command(name = "delete", description = "Delete a stack (not yet available).") static final class Delete extends Base {}
    @Command(name = "events", description = "List or watch events (not yet available).") static final class Events extends Base {}
    @Command(name = "diff", description = "Show what applying a file would change (not yet available).") static final class Diff extends Base {}
}
