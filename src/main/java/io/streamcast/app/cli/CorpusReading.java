package io.streamcast.app.cli;

import io.streamcast.eval.nab.NabCorpus;
import java.io.PrintWriter;

/**
 * What the NAB commands say, after their scores, about the corpus files they could not read: the scores are over the
 * other files, and the exit status says the run was not over the whole corpus, so that a script does not take it for
 * one that was.
 */
final class CorpusReading {

    private CorpusReading() {
    }

    /** Prints the ignored labels and the files left out on {@code err}; the exit status the command should give. */
    static int report(NabCorpus corpus, PrintWriter err) {
        corpus.ignoredLabels().forEach(note -> err.println("Warning: " + note));
        corpus.unreadColumns().forEach(note -> err.println("note: " + note));
        if (corpus.unreadable().isEmpty()) {
            err.flush();
            return 0;
        }
        int total = corpus.files().size() + corpus.unreadable().size();
        err.println("Input error: " + corpus.unreadable().size() + " of " + total + " data files could not be read"
                + " and are not in the scores above:");
        corpus.unreadable().forEach(reason -> err.println("  " + reason));
        err.flush();
        return UserErrors.EXIT_USAGE;
    }
}
