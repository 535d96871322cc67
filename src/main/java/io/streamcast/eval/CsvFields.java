package io.streamcast.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one line of a comma-separated export. Spreadsheets and databases quote fields ({@code "2020-01-01
 * 00:00:00","1.5"}), and a quoted field may hold a comma or a doubled quote ({@code "a ""b"", c"}); the quotes are
 * not part of the value. A quote left open would take the next line into the field, which these readers, reading a
 * line at a time, refuse rather than guess at.
 */
public final class CsvFields {

    private CsvFields() {
    }

    /** The fields of {@code line}, unquoted, with the spaces around them kept as written (callers strip them). */
    public static String[] split(String line) {
        if (line.indexOf('"') < 0) {
            return line.split(",", -1);
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            int start = i;
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '"') {
                i = quoted(line, i + 1, field);
                // spaces after the closing quote are as insignificant as those before the opening one
                while (i < line.length() && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after the closing quote of field " + (fields.size() + 1));
                }
            } else {
                i = start;
                while (i < line.length() && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= line.length()) {
                return fields.toArray(String[]::new);
            }
            i++; // the comma
        }
    }

    /** Appends the quoted field that starts after the opening quote at {@code from}; the index after its close. */
    private static int quoted(String line, int from, StringBuilder field) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c != '"') {
                field.append(c);
            } else if (i < line.length() && line.charAt(i) == '"') {
                field.append('"');
                i++;
            } else {
                return i;
            }
        }
        throw new IllegalArgumentException("a quote opened at character " + from + " is not closed on its line");
    }
}
