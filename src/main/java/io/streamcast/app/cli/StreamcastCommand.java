package io.streamcast.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "streamcast", mixinStandardHelpOptions = true, version = "streamcast 0.1.0",
        description = "Per-key streaming LSTM forecasts and anomaly scores on Kafka Streams.",
        subcommands = {DemoCommand.class, RunCommand.class, EvalCommand.class, ConfigDocsCommand.class,
            ProduceDemoCommand.class,
            BenchCommand.class, BrokerCommand.class, SoakCommand.class})
public final class StreamcastCommand {

    private static final String RUN = "run";

    /**
     * Runs the command line {@code args} as {@code Main} does, returning its exit status. For {@code run}, its SIGTERM
     * hook is installed first: picocli reads every command's class as it builds the command line, which takes a tenth
     * of a second or more, and a SIGTERM meanwhile would end the JVM with no word (exit status 143).
     */
    public static int execute(String... args) {
        // picocli takes a subcommand by its exact name only, and run's options come after it; an argument file
        // that names run leaves the hook to run's call
        if (args.length == 0 || !args[0].equals(RUN)) {
            return UserErrors.commandLine(new StreamcastCommand()).execute(args);
        }
        StopOnRequest stop = RunCommand.hook();
        if (stop == null) {
            return 0;
        }
        try {
            CommandLine line = UserErrors.commandLine(new StreamcastCommand());
            ((RunCommand) line.getSubcommands().get(RUN).getCommand()).hooked = stop;
            return line.execute(args);
        } finally {
            // run's own steps are silent by the time it ends; its help, its version or a usage error began nothing, and
            // the exit that follows is no stop on request
            stop.next(StopOnRequest.NOTHING);
        }
    }
}
