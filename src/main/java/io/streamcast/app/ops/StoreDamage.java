package io.streamcast.app.ops;

import java.nio.file.Path;
import java.util.Arrays;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;

/**
 * Finds damage in a RocksDB store on disk by reading it as RocksDB itself, opened read-only beside the instance's
 * own handle (which needs no lock and writes nothing). Why: Kafka Streams' iterators end at a table block RocksDB
 * cannot read as if the store ended there (they never ask RocksDB for the iterator's status), so a count or a listing
 * of a damaged store comes out short without a word, where the read of one key fails. Only the table files are read
 * (Kafka Streams writes no log of what its memtable holds), which is where such damage lies.
 */
final class StoreDamage {

    static {
        RocksDB.loadLibrary();
    }

    private StoreDamage() {
    }

    /**
     * Reads up to {@code limit} keys of {@code store} that start with {@code prefix}, in order, as an iterator of the
     * instance's own store reads them.
     *
     * @return RocksDB's words for the damage met, or null when there was none; also null when the store could not be
     *         read for another reason (it moved away in a rebalance, a compaction removed a table file meanwhile),
     *         which says nothing of its state
     */
    static String find(Path store, byte[] prefix, long limit) {
        try (Options options = new Options().setTableFormatConfig(new BlockBasedTableConfig().setNoBlockCache(true));
             RocksDB db = RocksDB.openReadOnly(options, store.toString());
             RocksIterator keys = db.newIterator()) {
            long read = 0;
            for (keys.seek(prefix); keys.isValid() && startsWith(keys.key(), prefix) && read < limit; keys.next()) {
                read++;
            }
            keys.status();
            return null;
        } catch (RocksDBException e) {
            return e.getStatus() != null && e.getStatus().getCode() == Status.Code.Corruption ? e.getMessage() : null;
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
