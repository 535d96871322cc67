package io.streamcast.app;

import io.streamcast.app.cli.StreamcastCommand;

public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(StreamcastCommand.execute(args));
    }
}
