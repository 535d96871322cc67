package io.streamcast.app;

import io.streamcast.app.cli.StreamcastCommand;
import io.streamcast.app.cli.UserErrors;

public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(UserErrors.commandLine(new StreamcastCommand()).execute(args));
    }
}
