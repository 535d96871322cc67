package io.streamcast.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A time field of a user's CSV export written as a count since 1970-01-01T00:00:00Z, as databases, logs and
 * monitoring systems export it. Its unit is told by its size, which is unambiguous for any time from 1973 to 5138:
 * below 10^11 it counts seconds (10^11 seconds is the year 5138), below 10^14 milliseconds (10^11 milliseconds is
 * 1973), below 10^17 microseconds, else nanoseconds. A fraction is read in that unit. Fewer than nine digits are no
 * such count: {@code 20140410} is more likely a date, and 10^8 seconds is 1973 too.
 */
public final class CsvEpochTime {

    private static final Pattern COUNT = Pattern.compile("\\d{9,19}(\\.\\d{1,9})?");
    private static final BigDecimal[] BOUNDS = {new BigDecimal("1e11"), new BigDecimal("1e14"),
            new BigDecimal("1e17")};

    private CsvEpochTime() {
    }

    /** The time {@code field} (already stripped) counts, or null when it is no count since 1970. */
    public static Instant parse(String field) {
        if (!COUNT.matcher(field).matches()) {
            return null;
        }
        BigDecimal count = new BigDecimal(field);
        int unit = 0;
        while (unit < BOUNDS.length && count.compareTo(BOUNDS[unit]) >= 0) {
            unit++;
        }
        BigDecimal seconds = count.movePointLeft(3 * unit);
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }
}
