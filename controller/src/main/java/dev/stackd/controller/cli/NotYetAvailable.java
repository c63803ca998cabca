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

    @Command(name = "serve", description = "Run the controller (not yet available).") static final class Serve extends Base {}
}
