package io.streamcast.app;

import io.streamcast.app.cli.StreamcastCommand;
import picocli.CommandLine;

public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamcastCommand()).execute(args));
    }
}
