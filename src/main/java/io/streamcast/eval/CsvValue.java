package io.streamcast.eval;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value field of a user's CSV export. Exports write a missing value as an empty field, {@code NaN} or {@code null};
 * those are read as NaN, which the replay refuses as the stream refuses a non-finite value, so the row is counted
 * as refused instead of stopping the file. Infinity is read as Python, pandas and numpy write it ({@code inf},
 * {@code -inf}) and as Java does ({@code Infinity}), in any case, and is refused alike. A number is a plain decimal
 * with an optional sign, fraction and exponent; the other forms Java's {@link Double#parseDouble} accepts
 * ({@code 12f}, {@code 12d}, {@code 0x1p3}) mean no number in an export, and are refused with any other text, which
 * is not guessed at.
 */
public final class CsvValue {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** C's printf writes a NaN with a sign ({@code -nan}); a NaN is missing whatever its sign. */
    private static final Pattern MISSING = Pattern.compile("|[+-]?nan|null", Pattern.CASE_INSENSITIVE);
    private static final Pattern INFINITE = Pattern.compile("([+-]?)inf(inity)?", Pattern.CASE_INSENSITIVE);

    private CsvValue() {
    }

    /**
     * The number in {@code field} (already stripped), NaN for a missing value.
     *
     * @throws NumberFormatException saying the field is not a number and what is read as one
     */
    public static double parse(String field) {
        if (MISSING.matcher(field).matches()) {
            return Double.NaN;
        }
        Matcher infinite = INFINITE.matcher(field);
        if (infinite.matches()) {
            return infinite.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!DECIMAL.matcher(field).matches()) {
            throw new NumberFormatException("not a number: " + field + " (expected a decimal number such as -1.5 or"
                    + " 1e-3, inf or -inf, or an empty field, NaN or null for a missing value)");
        }
        return Double.parseDouble(field);
    }
}
