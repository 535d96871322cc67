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
 * are overwritten, all of them or those in the middle, and their index, filter and footer left whole, so that RocksDB
 * opens the store and finds the damage only when it reads a key's block.
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
        return damage(storeDirectory, 0, 1);
    }

    /**
     * Damages the middle third of the data of those table files, as a fault that hits a few sectors does: the blocks
     * before and after it are still read.
     *
     * @return the files damaged; none when the store has not been flushed to table files
     * @throws IllegalStateException when a table file's data is too small for whole blocks to stay before and after
     */
    public static List<Path> damageMiddle(Path storeDirectory) throws IOException, RocksDBException {
        return damage(storeDirectory, 1 / 3.0, 2 / 3.0);
    }

    /** Overwrites the share [{@code from}, {@code to}) of the data of each table file of the store's keys. */
    private static List<Path> damage(Path storeDirectory, double from, double to) throws IOException, RocksDBException {
        List<Path> tables = new ArrayList<>();
        try (Stream<Path> files = Files.list(storeDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sst")).toList()) {
                if (Arrays.equals(properties(file).getColumnFamilyName(), RocksDB.DEFAULT_COLUMN_FAMILY)) {
                    tables.add(file);
                }
            }
        }
        for (Path table : tables) {
            overwriteData(table, from, to);
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
    private static void overwriteData(Path table, double from, double to) throws IOException, RocksDBException {
        TableProperties properties = properties(table);
        long dataSize = properties.getDataSize();
        if (dataSize <= 0) {
            throw new IllegalStateException("no data in " + table);
        }
        long start = (long) (dataSize * from);
        long end = (long) (dataSize * to);
        // a block is whole only when the damage leaves more than a block's worth of data beside it
        long block = dataSize / properties.getNumDataBlocks() + 1;
        if ((from > 0 && start < 2 * block) || (to < 1 && dataSize - end < 2 * block)) {
            throw new IllegalStateException(properties.getNumDataBlocks() + " data blocks in " + table
                    + ": too few to damage only some");
        }
        byte[] garbage = new byte[(int) (end - start)];
        Arrays.fill(garbage, (byte) 0x5A);
        try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
            file.seek(start);
            file.write(garbage);
        }
    }
}
