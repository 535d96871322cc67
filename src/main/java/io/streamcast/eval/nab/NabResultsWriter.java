package io.streamcast.eval.nab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a detector's per-row anomaly scores in NAB's results layout ({@link NabResultsLayout}), so that
 * NAB's own scorer can read them. The label column is the corpus's: 1 inside a labelled window.
 */
public final class NabResultsWriter {

    private NabResultsWriter() {
    }

    /** Writes one file's results and returns its path. */
    public static Path write(Path resultsRoot, String detector, NabDataFile file, double[] anomalyScores)
            throws IOException {
        NabScores.check(file, anomalyScores);
        Path target = NabResultsLayout.resultFile(resultsRoot, detector, file);
        Files.createDirectories(target.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            out.write(NabResultsLayout.HEADER);
            out.write('\n');
            StringBuilder row = new StringBuilder(64);
            for (int i = 0; i < file.length(); i++) {
                row.setLength(0);
                row.append(NabTimestamps.format(file.timestamp(i))).append(',')
                        .append(plain(file.value(i))).append(',')
                        .append(plain(anomalyScores[i])).append(',')
                        .append(file.label(i)).append('\n');
                out.append(row);
            }
        }
        return target;
    }

    /** Writes the results of every corpus file; {@code anomalyScores} is keyed by NAB's relative path. */
    public static void writeAll(Path resultsRoot, String detector, NabCorpus corpus,
                                Map<String, double[]> anomalyScores) throws IOException {
        for (NabDataFile file : corpus.files()) {
            write(resultsRoot, detector, file, NabScores.of(file, anomalyScores));
        }
    }

    /** Shortest decimal that reads back to the same double, without an exponent (pandas reads either). */
    static String plain(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        String text = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }
}
