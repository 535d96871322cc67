package io.streamcast.eval.nab;

import io.streamcast.eval.CsvEpochTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Timestamps as NAB writes them: {@code 2014-04-10 07:15:00} in data and result files, with microseconds
 * ({@code 2014-04-10 07:15:00.000000}) in label files. Both name the same instant, so windows match rows by
 * value, never by text. NAB timestamps carry no zone; they are kept as local date-times.
 */
public final class NabTimestamps {

    private static final DateTimeFormatter GENERAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private NabTimestamps() {
    }

    /**
     * Parses {@code yyyy-MM-dd HH:mm:ss[.fraction]} (a {@code T} separator is accepted too), in UTC: ending in
     * {@code Z} or {@code +00:00} as an export may write it, or without a zone as NAB writes it. Another offset is
     * refused: the windows carry no zone, and shifting the rows to UTC would move them against windows written in
     * the file's own local time without a word. A count since 1970 as exports write it ({@link CsvEpochTime}) is read
     * as the UTC time it counts, which the results file then writes as NAB does.
     */
    public static LocalDateTime parse(String text) {
        String trimmed = text.strip();
        // The corpus holds hundreds of thousands of plain second-resolution stamps; read those directly.
        if (trimmed.length() == 19 && trimmed.charAt(10) == ' ') {
            LocalDateTime fast = parsePlainSeconds(trimmed);
            if (fast != null) {
                return fast;
            }
        }
        Instant counted = CsvEpochTime.parse(trimmed);
        if (counted != null) {
            return LocalDateTime.ofInstant(counted, ZoneOffset.UTC);
        }
        TemporalAccessor parsed;
        try {
            parsed = GENERAL.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a NAB timestamp: '" + text + "' (expected yyyy-MM-dd HH:mm:ss in"
                    + " UTC, or seconds, milliseconds, microseconds or nanoseconds since 1970 in 10, 13, 16 or 19"
                    + " digits)", e);
        }
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS) && parsed.get(ChronoField.OFFSET_SECONDS) != 0) {
            throw new IllegalArgumentException("timestamp '" + text + "' is not in UTC: NAB's windows carry no zone,"
                    + " so the rows are not shifted to match them; write the file's timestamps in UTC");
        }
        return LocalDateTime.from(parsed);
    }


    /** Formats as NAB's data files do: whole seconds, or microseconds when the time has a fraction. */
    public static String format(LocalDateTime time) {
        return time.getNano() == 0 ? SECONDS.format(time) : MICROS.format(time);
    }

    private static LocalDateTime parsePlainSeconds(String s) {
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
