package io.streamcast.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.TableProperties;

/**
 * Damages a closed RocksDB store on disk as a disk fault does: the data blocks of the table files that hold its keys
 * are overwritten, and their index, filter and footer left whole, so that RocksDB opens the store and finds the damage
 * only when it reads a key's block.
 */
public final class DamagedTables {

    private DamagedTables() {
    }

    /**
     * Damages the table files of the store in {@code storeDirectory} that hold its keys (not the column family of its
     * offsets).
     *
     * @return the files damaged; none when the store has not been flushed to table files
     */
    public static List<Path> damage(Path storeDirectory) throws IOException, RocksDBException {
        List<Path> tables = new ArrayList<>();
        try (Stream<Path> files = Files.list(storeDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sst")).toList()) {
                if (Arrays.equals(properties(file).getColumnFamilyName(), RocksDB.DEFAULT_COLUMN_FAMILY)) {
                    tables.add(file);
                }
            }
        }
        for (Path table : tables) {
            overwriteDataBlocks(table);
        }
        return tables;
    }

    private static TableProperties properties(Path table) throws RocksDBException {
        try (Options options = new Options(); SstFileReader reader = new SstFileReader(options)) {
            reader.open(table.toString());
            return reader.getTableProperties();
        }
    }

    /** The data blocks come first in a table file. */
    private static void overwriteDataBlocks(Path table) throws IOException, RocksDBException {
        long dataSize = properties(table).getDataSize();
        if (dataSize <= 0) {
            throw new IllegalStateException("no data in " + table);
        }
        byte[] garbage = new byte[(int) dataSize];
        Arrays.fill(garbage, (byte) 0x5A);
        try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
            file.seek(0);
            file.write(garbage);
        }
    }
}
