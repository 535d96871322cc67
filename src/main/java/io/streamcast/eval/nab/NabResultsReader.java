package io.streamcast.eval.nab;

import io.streamcast.eval.CsvValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a detector's {@code anomaly_score} column from NAB's results layout ({@link NabResultsLayout}). NAB
 * pairs result rows with corpus rows by position; this reader also checks that the timestamps agree, so a
 * result file from another corpus version fails loudly instead of being scored against the wrong labels.
 */
public final class NabResultsReader {

    private NabResultsReader() {
    }

    /** The anomaly scores of every corpus file, keyed by NAB's relative path, in corpus order. */
    public static Map<String, double[]> readAll(Path resultsRoot, String detector, NabCorpus corpus)
            throws IOException {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (NabDataFile file : corpus.files()) {
            scores.put(file.relativePath(), read(resultsRoot, detector, file));
        }
        return scores;
    }

    /** The anomaly scores of one corpus file. */
    public static double[] read(Path resultsRoot, String detector, NabDataFile file) throws IOException {
        Path csv = NabResultsLayout.resultFile(resultsRoot, detector, file);
        if (!Files.isRegularFile(csv)) {
            throw new NabFormatException("no result file for " + file.relativePath() + ": expected " + csv);
        }
        double[] scores = new double[file.length()];
        int row = 0;
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new NabFormatException(csv + ": empty file");
            }
            int[] columns = CsvColumns.locate(csv, header, "timestamp", "anomaly_score");
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (row >= scores.length) {
                    throw new NabFormatException(csv + " has more rows than " + file.relativePath() + " ("
                            + file.length() + ")");
                }
                try {
                    String[] fields = CsvColumns.split(line);
                    if (!NabTimestamps.parse(CsvColumns.field(fields, columns[0])).equals(file.timestamp(row))) {
                        throw new NabFormatException(csv + ": row " + (row + 1) + " is at "
                                + CsvColumns.field(fields, columns[0]) + " but " + file.relativePath()
                                + " has " + NabTimestamps.format(file.timestamp(row)));
                    }
                    scores[row] = score(CsvColumns.field(fields, columns[1]));
                } catch (IllegalArgumentException e) {
                    throw new NabFormatException(csv + ": row " + (row + 1) + ": " + e.getMessage(), e);
                }
                row++;
            }
        }
        if (row != file.length()) {
            throw new NabFormatException(csv + " has " + row + " rows but " + file.relativePath() + " has "
                    + file.length());
        }
        try {
            NabScores.check(file, scores);
        } catch (IllegalArgumentException e) {
            throw new NabFormatException(csv + ": " + e.getMessage(), e);
        }
        return scores;
    }

    /**
     * A score read as the corpus's values are ({@link CsvValue}), so that {@code 0.5f} is refused as it is there; a
     * missing or infinite one is refused here, at its row, since NAB sorts and compares the scores.
     */
    private static double score(String field) {
        double score = CsvValue.parse(field);
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("anomaly_score " + (Double.isNaN(score) ? "is missing ("
                    + (field.isEmpty() ? "empty" : field) + ")" : field + " is not finite")
                    + ": NAB needs a finite number for every row");
        }
        return score;
    }
}
