package io.streamcast.eval.nab;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The plain comma-separated files NAB reads and writes: a header row, no quoting. */
final class CsvColumns {

    private CsvColumns() {
    }

    /** The indices of the named columns in the header, in the order asked. */
    static int[] locate(Path file, String header, String... names) throws NabFormatException {
        List<String> columns = Arrays.stream(split(header)).map(String::strip).toList();
        int[] indices = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            indices[i] = columns.indexOf(names[i]);
            if (indices[i] < 0) {
                throw new NabFormatException(file + ": no '" + names[i] + "' column in header " + columns);
            }
        }
        return indices;
    }

    static String[] split(String line) {
        return line.split(",", -1);
    }

    static String field(String[] fields, int column) {
        if (column >= fields.length) {
            throw new IllegalArgumentException("expected at least " + (column + 1) + " fields but got "
                    + fields.length);
        }
        return fields[column].strip();
    }
}
