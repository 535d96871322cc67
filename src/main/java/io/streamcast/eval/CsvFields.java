package io.streamcast.eval;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The fields of one line of a comma-separated export, read by Jackson's CSV parser. Spreadsheets and databases quote
 * fields ({@code "2020-01-01 00:00:00","1.5"}), and a quoted field may hold a comma or a doubled quote
 * ({@code "a ""b"", c"}); the quotes are not part of the value. A quote left open would take the next line into the
 * field, which these readers, reading a line at a time, refuse rather than guess at.
 */
public final class CsvFields {

    private static final ObjectReader LINE = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES)
            .readerFor(String[].class);

    private CsvFields() {
    }

    /** The byte order mark some editors and spreadsheets write first in a UTF-8 file; Java reads it as a character. */
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /**
     * The column names of a header {@code line} as exports write it: after a byte order mark, unquoted, stripped of
     * the spaces around them ({@code " value"}) and in lower case ({@code Timestamp}).
     *
     * @throws IllegalArgumentException as {@link #split} does
     */
    public static List<String> headerNames(String line) {
        String unmarked = !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK ? line.substring(1) : line;
        return Arrays.stream(split(unmarked)).map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Refuses a row of more fields than its header has columns. Why: a value written with a thousands separator
     * ({@code 1,234.5}) or a decimal comma ({@code 19,76}) splits into two fields, and reading the value's column alone
     * took 1 for 1,234.5 and 19 for 19.76, without a word.
     *
     * @throws IllegalArgumentException saying how many fields the row has, and what may have split it
     */
    public static void requireNoMoreThan(String[] fields, int headerColumns) {
        if (fields.length > headerColumns) {
            throw new IllegalArgumentException(fields.length + " fields where the header has " + headerColumns
                    + " columns: a value written with a thousands separator or a decimal comma must be quoted, or"
                    + " written with a point (1234.5)");
        }
    }

    /**
     * The fields of {@code line}, unquoted; spaces around a quoted field are dropped, those of an unquoted one kept
     * (callers strip them).
     *
     * @throws IllegalArgumentException naming what is malformed: a quote left open, text after a closing quote
     */
    public static String[] split(String line) {
        if (line.indexOf('"') < 0) {
            return line.split(",", -1);
        }
        try {
            return LINE.readValue(line);
        } catch (JacksonException e) {
            // the column where the parser stopped, of the line it was given
            throw new IllegalArgumentException(e.getOriginalMessage() + " (column " + e.getLocation().getColumnNr()
                    + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
