package io.streamcast.app.cli;

import picocli.CommandLine.Command;

@Command(name = "streamcast", mixinStandardHelpOptions = true, version = "streamcast 0.1.0",
        description = "Per-key streaming LSTM forecasts and anomaly scores on Kafka Streams.",
        subcommands = {DemoCommand.class, RunCommand.class, EvalCommand.class, ConfigDocsCommand.class,
            ProduceDemoCommand.class,
            BenchCommand.class, BrokerCommand.class, SoakCommand.class})
public final class StreamcastCommand {
}
