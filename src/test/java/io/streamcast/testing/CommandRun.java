package io.streamcast.testing;

import io.streamcast.app.cli.UserErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    /** The last line written to standard output; empty when there was none. */
    public String lastLine() {
        List<String> lines = out.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
