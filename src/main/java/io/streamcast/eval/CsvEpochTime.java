package io.streamcast.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A time field of a user's CSV export written as a count since 1970-01-01T00:00:00Z, as databases, logs and
 * monitoring systems export it: 10 digits count seconds, 13 milliseconds, 16 microseconds and 19 nanoseconds (each
 * for times from 2001-09-09 to 2286-11-20), with a fraction in that unit or without. Other lengths are no such count:
 * eight, twelve and fourteen digits are more likely a date written without separators ({@code 20140410},
 * {@code 201404100715}, {@code 20140410071500}), which as a count would land in another century without a word.
 */
public final class CsvEpochTime {

    private static final Pattern COUNT = Pattern.compile("(\\d{10}|\\d{13}|\\d{16}|\\d{19})(\\.\\d{1,9})?");

    private CsvEpochTime() {
    }

    /** The time {@code field} (already stripped) counts, or null when it is no count since 1970. */
    public static Instant parse(String field) {
        if (!COUNT.matcher(field).matches()) {
            return null;
        }
        int digits = field.indexOf('.') < 0 ? field.length() : field.indexOf('.');
        BigDecimal seconds = new BigDecimal(field).movePointLeft(digits - 10);
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }
}
