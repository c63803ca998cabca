package dev.stackd.controller.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", description = "Validate a compose project: merge its files, interpolate, resolve paths, check every key.")
public final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ManifestFile manifest;

    /** The environment: the process's (a test sets another). */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        ManifestFile.Loaded loaded;
        try {
            loaded = manifest.load(env, err);
        } catch (CliFailure e) {
            err.println(e.getMessage());
            return 1;
        }
        var stack = loaded.project().stack();
        int n = stack.services().size();
        int files = loaded.project().files().size();
        out.println("ok: stack " + stack.name() + ", " + n + (n == 1 ? " service" : " services")
                + (files > 1 ? " from " + files + " files" : ""));
        for (var job : dev.stackd.api.schedule.NextFires.of(stack, java.time.Instant.now())) out.println(job.line());
        return 0;
    }
}
