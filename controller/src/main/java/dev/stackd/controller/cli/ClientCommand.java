package dev.stackd.controller.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** A command that talks to a running stackd: the connection options, the root command's environment, the output. */
abstract class ClientCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    StackdCommand root;

    @Mixin
    ClientOptions client;

    ApiClient api() {
        return client.client(root.env());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
