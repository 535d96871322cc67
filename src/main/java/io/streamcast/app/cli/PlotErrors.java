package io.streamcast.app.cli;

import io.streamcast.app.FileProblems;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

/**
 * A plot that could not be written, said in one line after the figures: thrown on, it ended the command before the
 * figures printed after it, which the evaluation had already paid for.
 */
final class PlotErrors {

    /** The exit status of a run whose figures are all printed but a plot of which is not written. */
    static final int EXIT_PLOT_FAILED = 1;

    private PlotErrors() {
    }

    /** E.g. {@code Plot error: plots/a.png: is a directory; the figures are printed, not that plot}. */
    static String line(Exception e) {
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        String what = cause instanceof FileSystemException file ? file.getFile() + ": " + FileProblems.reason(file)
                : UserErrors.withCause(cause);
        return "Plot error: " + what + "; the figures are printed, not that plot";
    }
}
