package io.streamcast.eval.nab;

import io.streamcast.eval.CsvFields;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The comma-separated files NAB reads and writes: a header row; fields may be quoted, as exports quote them. */
final class CsvColumns {

    private CsvColumns() {
    }

    /**
     * The indices of the named columns in the header, in the order asked. A header is matched as exports write it:
     * after a byte order mark, in any case ({@code Timestamp}) and with spaces around a name ({@code " value"}).
     */
    static int[] locate(Path file, String header, String... names) throws NabFormatException {
        List<String> columns;
        try {
            columns = CsvFields.headerNames(header);
        } catch (IllegalArgumentException e) {
            throw new NabFormatException(file + ":1: " + e.getMessage(), e);
        }
        int[] indices = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            indices[i] = columns.indexOf(names[i].toLowerCase(Locale.ROOT));
            if (indices[i] < 0) {
                throw new NabFormatException(file + ": no '" + names[i] + "' column in header " + columns);
            }
        }
        return indices;
    }

    static String[] split(String line) {
        return CsvFields.split(line);
    }

    static String field(String[] fields, int column) {
        if (column >= fields.length) {
            throw new IllegalArgumentException("expected at least " + (column + 1) + " fields but got "
                    + fields.length);
        }
        return fields[column].strip();
    }
}
