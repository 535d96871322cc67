package io.streamcast.eval.forecast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A {@code timestamp,value} CSV file with a header row, as NAB and most exports write it. Timestamps are either
 * {@code yyyy-MM-dd HH:mm:ss} (UTC) or ISO-8601 instants. Rows are taken in file order, as they would arrive:
 * a time that goes back is left to the replay, which handles it as the stream's late-event policy does.
 */
public record TimeSeriesCsv(long[] times, double[] values) {

    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static TimeSeriesCsv read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        List<String> rows = lines.stream().skip(1).map(String::strip).filter(l -> !l.isEmpty()).toList();
        long[] times = new long[rows.size()];
        double[] values = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String[] fields = rows.get(i).split(",");
            if (fields.length < 2) {
                throw new IllegalArgumentException(file + " line " + (i + 2) + ": expected timestamp,value");
            }
            times[i] = parseTime(fields[0].strip(), file, i + 2);
            try {
                values[i] = Double.parseDouble(fields[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (i + 2) + ": not a number: " + fields[1]);
            }
        }
        return new TimeSeriesCsv(times, values);
    }

    private static long parseTime(String text, Path file, int line) {
        try {
            return LocalDateTime.parse(text, PLAIN).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException plain) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException iso) {
                throw new IllegalArgumentException(file + " line " + line + ": unreadable timestamp " + text);
            }
        }
    }

    public int length() {
        return times.length;
    }

    /** The median spacing between rows, in milliseconds. */
    public long medianStepMillis() {
        long[] steps = new long[Math.max(1, times.length - 1)];
        for (int i = 1; i < times.length; i++) {
            steps[i - 1] = times[i] - times[i - 1];
        }
        java.util.Arrays.sort(steps);
        return steps[steps.length / 2];
    }
}
