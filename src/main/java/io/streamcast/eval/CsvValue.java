package io.streamcast.eval;

import java.util.Locale;

/**
 * A value field of a user's CSV export. Exports write a missing value as an empty field, {@code NaN} or {@code null};
 * those are read as NaN, which the replay refuses as the stream refuses a non-finite value, so the row is counted
 * as refused instead of stopping the file. Any other text that is not a number is not guessed at.
 */
public final class CsvValue {

    private CsvValue() {
    }

    /** The number in {@code field} (already stripped), NaN for a missing value. */
    public static double parse(String field) {
        if (field.isEmpty() || field.equalsIgnoreCase("nan") || field.toLowerCase(Locale.ROOT).equals("null")) {
            return Double.NaN;
        }
        return Double.parseDouble(field);
    }
}
