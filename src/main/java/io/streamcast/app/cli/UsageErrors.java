package io.streamcast.app.cli;

import java.io.PrintWriter;
import java.util.List;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a bad command line (a missing, unknown or malformed option) as its one-line message, suggestions for a
 * misspelt option or command, and where the options are listed, with exit status 2. Left to picocli, the message was
 * followed by the command's whole usage, 30 lines for {@code eval nab}, in which the message scrolled out of sight.
 */
final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException unmatched) {
            printSuggestions(unmatched, err);
        }
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help' for its options.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * Picocli's suggestions, kept only where one is a near spelling of what was typed: its likeness of letter pairs
     * offered {@code produce-demo} for {@code frobnicate}, which sends a user the wrong way.
     */
    private static void printSuggestions(UnmatchedArgumentException ex, PrintWriter err) {
        List<String> typed = ex.getUnmatched();
        if (typed.isEmpty()) {
            return;
        }
        // an option given with its value attached (--hiden=64) is judged by its name
        String name = ex.isUnknownOption() ? typed.get(0).split("=", 2)[0] : typed.get(0);
        List<String> near = ex.getSuggestions().stream().filter(s -> isNearSpelling(name, s)).toList();
        if (near.isEmpty()) {
            return;
        }
        if (ex.isUnknownOption()) {
            err.println("Possible solutions: " + String.join(", ", near));
        } else {
            String parent = ex.getCommandLine().getCommandSpec().qualifiedName() + " ";
            err.println("Did you mean: " + String.join(" or ", near.stream().map(parent::concat).toList()) + "?");
        }
    }

    /** Within a third of the longer word's letters in edit distance, and 2 for shorter words. */
    static boolean isNearSpelling(String typed, String suggestion) {
        int allowed = Math.max(2, Math.max(typed.length(), suggestion.length()) / 3);
        return LevenshteinDistance.getDefaultInstance().apply(typed, suggestion) <= allowed;
    }
}
