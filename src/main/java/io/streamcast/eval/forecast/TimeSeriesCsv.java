package io.streamcast.eval.forecast;

import io.streamcast.eval.CsvFields;
import io.streamcast.eval.CsvEpochTime;
import io.streamcast.eval.CsvValue;
import io.streamcast.eval.RegularFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code timestamp,value} CSV file with a header row, as NAB and most exports write it. Timestamps are
 * {@code yyyy-MM-dd HH:mm:ss} or ISO-8601 ({@code T}, a fraction, {@code Z} or an offset), without a zone UTC; or a
 * count since 1970 ({@link CsvEpochTime}).
 * Rows are taken in file order, as they would arrive:
 * a time that goes back is left to the replay, which handles it as the stream's late-event policy does. The time
 * and the value are the columns named {@code timestamp} and {@code value}, or a two-column file's two. A file
 * of several keys' series has a key column named in its header; its other two columns are the timestamp and the
 * value, by those names or else in that order.
 */
public record TimeSeriesCsv(long[] times, double[] values) {

    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /**
     * The ways exports write a time: a space or a {@code T}, seconds or not, a fraction, and {@code Z} or an offset,
     * with a colon or in ISO-8601's basic form without one ({@code +0200}, {@code +02}, as {@code strftime}'s
     * {@code %z} writes it); without a zone it is UTC, as the plain form is.
     */
    private static final DateTimeFormatter EXPORTED = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    public static TimeSeriesCsv read(Path file) {
        List<String> lines;
        try {
            RegularFiles.requireRegular(file);
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        // Blank lines are skipped, but an error names the line as the file numbers it (lines.get(i) is line i + 1),
        // not as the count of rows read so far, which falls behind at every blank line.
        long[] times = new long[lines.size()];
        double[] values = new double[lines.size()];
        int rows = 0;
        int[] columns = lines.isEmpty() ? new int[] {0, 1} : timeAndValueColumns(file, lines.get(0));
        int width = Math.max(columns[0], columns[1]) + 1;
        int headerColumns = lines.isEmpty() ? 2 : header(file, lines.get(0)).size();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            // a trailing empty field is kept: a row whose value is missing has its two fields, the second empty
            String[] fields = fields(line, file, i + 1);
            if (fields.length < width) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected timestamp,value"
                        + (width > 2 ? " in columns " + (columns[0] + 1) + " and " + (columns[1] + 1) : ""));
            }
            try {
                CsvFields.requireNoMoreThan(fields, headerColumns);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            times[rows] = parseTime(fields[columns[0]].strip(), file, i + 1);
            values[rows] = parseValue(fields[columns[1]].strip(), file, i + 1);
            rows++;
        }
        return new TimeSeriesCsv(Arrays.copyOf(times, rows), Arrays.copyOf(values, rows));
    }

    /**
     * The series of every key in a CSV with a key column, in the order the keys first appear; each key's rows in
     * file order.
     */
    public static Map<String, TimeSeriesCsv> readKeyed(Path file, String keyColumn) {
        List<String> lines;
        try {
            RegularFiles.requireRegular(file);
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty, expected a header row");
        }
        List<String> header = header(file, lines.get(0));
        int keyAt = header.indexOf(keyColumn.strip().toLowerCase(Locale.ROOT));
        if (keyAt < 0 || header.size() != 3) {
            throw new IllegalArgumentException(file + ": expected a header of three columns, one of them "
                    + keyColumn + ", got " + lines.get(0));
        }
        // by their names where the header gives them, as read() takes them: by position, value,timestamp,key
        // swapped them
        int namedTime = header.indexOf("timestamp");
        int namedValue = header.indexOf("value");
        boolean named = namedTime >= 0 && namedValue >= 0 && namedTime != keyAt && namedValue != keyAt;
        int timeAt = named ? namedTime : keyAt == 0 ? 1 : 0;
        int valueAt = named ? namedValue : keyAt == 2 ? 1 : 2;
        Map<String, List<String[]>> byKey = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = fields(line, file, i + 1);
            if (fields.length != 3) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected three fields");
            }
            byKey.computeIfAbsent(fields[keyAt].strip(), k -> new ArrayList<>())
                    .add(new String[] {fields[timeAt].strip(), fields[valueAt].strip(), Integer.toString(i + 1)});
        }
        Map<String, TimeSeriesCsv> series = new LinkedHashMap<>();
        byKey.forEach((key, rows) -> {
            long[] times = new long[rows.size()];
            double[] values = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                int line = Integer.parseInt(rows.get(r)[2]);
                times[r] = parseTime(rows.get(r)[0], file, line);
                values[r] = parseValue(rows.get(r)[1], file, line);
            }
            series.put(key, new TimeSeriesCsv(times, values));
        });
        return series;
    }

    /**
     * The header's columns other than the ones {@link #read} takes the time and the value from, each with whether its
     * field in the first row is text rather than a number, as a column of keys holds.
     */
    public static Map<String, Boolean> otherColumns(Path file) {
        List<String> lines = new ArrayList<>();
        try {
            RegularFiles.requireRegular(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        try (java.io.BufferedReader reader = Files.newBufferedReader(file)) {
            for (String line = reader.readLine(); line != null && lines.size() < 2; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Map<String, Boolean> others = new LinkedHashMap<>();
        if (lines.isEmpty()) {
            return others;
        }
        int[] columns = timeAndValueColumns(file, lines.get(0));
        List<String> header = header(file, lines.get(0));
        String[] first = lines.size() > 1 ? fields(lines.get(1), file, 2) : new String[0];
        for (int i = 0; i < header.size(); i++) {
            if (i != columns[0] && i != columns[1]) {
                others.put(header.get(i), i < first.length && !isNumber(first[i].strip()));
            }
        }
        return others;
    }

    /**
     * Whether {@code text} is a finite number as the value column reads one; an empty field or a word the value
     * column reads as missing or infinite ({@code null}, {@code inf}) is text here, as a key could be.
     */
    private static boolean isNumber(String text) {
        try {
            return Double.isFinite(CsvValue.parse(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Where the time and the value are: the columns named {@code timestamp} and {@code value} (in any case, with
     * spaces around them), else the two columns of a two-column file in that order. A wider header that does not
     * name them is refused: taking its first two columns would score the wrong one without a word.
     */
    private static int[] timeAndValueColumns(Path file, String headerLine) {
        List<String> header = header(file, headerLine);
        int time = header.indexOf("timestamp");
        int value = header.indexOf("value");
        if (time >= 0 && value >= 0) {
            return new int[] {time, value};
        }
        if (header.size() == 2) {
            // a file without a header would lose its first row to it, unnoticed
            if (isTime(header.get(0))) {
                throw new IllegalArgumentException(file + " line 1: " + headerLine.strip() + " is a row, not a header:"
                        + " add the header timestamp,value");
            }
            return new int[] {0, 1};
        }
        throw new IllegalArgumentException(file + " line 1: " + header.size() + " columns " + header + ", none"
                + " of them named " + (time < 0 ? "timestamp" : "value") + ": name the timestamp and value columns"
                + otherSeparator(headerLine));
    }

    /** A hint for a header of one column that another separator splits: the columns are separated by commas. */
    private static String otherSeparator(String headerLine) {
        for (char separator : new char[] {';', '\t', '|'}) {
            if (headerLine.indexOf(',') < 0 && headerLine.indexOf(separator) >= 0) {
                return ", separated by commas (this header holds no comma but "
                        + (separator == '\t' ? "tabs" : "'" + separator + "'") + ")";
            }
        }
        return "";
    }

    private static boolean isTime(String text) {
        try {
            parseTime(text.strip().toUpperCase(Locale.ROOT), null, 1);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The header's column names ({@link CsvFields#headerNames}). */
    private static List<String> header(Path file, String line) {
        try {
            return CsvFields.headerNames(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " line 1: " + e.getMessage(), e);
        }
    }

    private static String[] fields(String line, Path file, int number) {
        try {
            return CsvFields.split(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage(), e);
        }
    }

    private static double parseValue(String text, Path file, int line) {
        try {
            return CsvValue.parse(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + line + ": " + e.getMessage(), e);
        }
    }

    private static long parseTime(String text, Path file, int line) {
        Instant counted = CsvEpochTime.parse(text);
        if (counted != null) {
            return counted.toEpochMilli();
        }
        try {
            return LocalDateTime.parse(text, PLAIN).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException plain) {
            try {
                TemporalAccessor time = EXPORTED.parse(text);
                return (time.isSupported(ChronoField.OFFSET_SECONDS) ? OffsetDateTime.from(time).toInstant()
                        : LocalDateTime.from(time).toInstant(ZoneOffset.UTC)).toEpochMilli();
            } catch (DateTimeParseException iso) {
                throw new IllegalArgumentException(file + " line " + line + ": unreadable timestamp " + text
                        + " (expected yyyy-MM-dd HH:mm:ss in UTC, an ISO-8601 time with its offset, or seconds,"
                        + " milliseconds, microseconds or nanoseconds since 1970 in 10, 13, 16 or 19 digits)");
            }
        }
    }

    public int length() {
        return times.length;
    }
}
