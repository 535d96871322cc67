package io.streamcast.testing;

import io.streamcast.app.cli.UserErrors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** One run of a command line as {@code Main} runs it, with what it wrote to standard output and error. */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code command} (a picocli command object) with {@code args}. */
    public static CommandRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = UserErrors.commandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /**
     * Runs {@code command} with {@code args} as {@link #of} does, also taking what it prints to {@code System.out} and
     * {@code System.err} directly (the progress lines of the commands that run for a while), which are restored after.
     */
    public static synchronized CommandRun capturingSystemStreams(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(capturedOut);
        System.setErr(capturedErr);
        int exitCode;
        try {
            CommandLine cli = UserErrors.commandLine(command);
            cli.setOut(new PrintWriter(capturedOut, true));
            cli.setErr(new PrintWriter(capturedErr, true));
            exitCode = cli.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new CommandRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The last line written to standard output; empty when there was none. */
    public String lastLine() {
        List<String> lines = out.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
