package io.streamcast.app.cli;

import io.streamcast.app.FileProblems;
import io.streamcast.app.SettingsLoader;
import io.streamcast.eval.nab.NabFormatException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports what a user can mend (a bad setting, a missing or malformed file) as one line on standard error and exit
 * status 2, as {@code run} reports a bad setting, for every command at once: left to picocli, such an exception
 * printed a Java stack trace and exited 1. Anything else still gets picocli's stack trace, since it is a bug.
 */
public final class UserErrors implements IExecutionExceptionHandler {

    /** The exit status of a usage or configuration error, as picocli gives a bad option. */
    static final int EXIT_USAGE = 2;

    /** Kafka's message for a setting without a default that was not given. */
    private static final Pattern MISSING = Pattern.compile("^Missing required configuration \"([^\"]+)\"");

    /**
     * {@code command}'s command line, with this handler and paths that cannot be empty: how {@code Main} and tests
     * should build one.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine line = new CommandLine(command).setExecutionExceptionHandler(new UserErrors())
                .setParameterExceptionHandler(new UsageErrors())
                .registerConverter(Path.class, new NonEmptyPath());
        giveVersion(line, line.getCommandSpec().version());
        return line;
    }

    /** Every subcommand's help offers -V, which printed nothing where the command itself names no version. */
    private static void giveVersion(CommandLine line, String[] version) {
        for (CommandLine subcommand : line.getSubcommands().values()) {
            if (subcommand.getCommandSpec().version().length == 0) {
                subcommand.getCommandSpec().version(version);
            }
            giveVersion(subcommand, version);
        }
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult)
            throws Exception {
        String line = describe(ex);
        if (line == null) {
            throw ex;
        }
        commandLine.getErr().println(line);
        commandLine.getErr().flush();
        return EXIT_USAGE;
    }

    /** One line saying what is wrong, or null when {@code e} is not the user's to mend. */
    static String describe(Throwable e) {
        if (e instanceof ConfigException config) {
            return configuration(config);
        }
        if (e instanceof NabFormatException) {
            return "Input error: " + e.getMessage();
        }
        if (e instanceof FileSystemException file) {
            return "File error: " + file.getFile() + ": " + FileProblems.reason(file);
        }
        if (e instanceof UncheckedIOException unchecked) {
            String reason = FileProblems.reason(unchecked.getCause());
            // with no message of its own, the exception's message is its cause's toString()
            return unchecked.getMessage().equals(unchecked.getCause().toString()) ? describe(unchecked.getCause())
                    : "Input error: " + unchecked.getMessage() + ": " + reason;
        }
        return null;
    }

    /**
     * {@code Configuration error: } and the message, naming the environment variable of a setting it names; for a
     * setting that is missing, where to give it.
     */
    private static String configuration(ConfigException e) {
        String line = "Configuration error: " + SettingsLoader.namingVariables(e.getMessage(), System.getenv());
        Matcher missing = MISSING.matcher(e.getMessage());
        return missing.find() ? line + " Give it in the settings file (--config FILE) or as the environment variable "
                + SettingsLoader.variableFor(missing.group(1)) + "." : line;
    }

    /**
     * {@code e}'s message and, when it does not say it already, its root cause's, e.g. {@code Cannot listen for
     * HTTP on 127.0.0.1:18081: Address already in use}: many messages name what failed and leave why to the cause.
     */
    static String withCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        String reason = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == e || message.contains(reason) ? message : message + ": " + reason;
    }
}
