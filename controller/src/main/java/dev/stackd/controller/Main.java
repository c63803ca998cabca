package dev.stackd.controller;

import dev.stackd.controller.cli.StackdCommand;
import picocli.CommandLine;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(StackdCommand.run(args));
    }
}
