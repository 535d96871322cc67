package io.streamcast.app.cli;

import picocli.CommandLine.Command;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Offline evaluation over files, with the same per-key step as the stream.",
        subcommands = {NabCommand.class, NabScoreCommand.class, ForecastCommand.class})
final class EvalCommand {
}
