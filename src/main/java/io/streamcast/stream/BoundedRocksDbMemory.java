package io.streamcast.stream;

import io.streamcast.config.StreamcastConfig;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the memory of every RocksDB store of this JVM together: one block cache of {@code rocksdb.memory.bytes}
 * shared by all stores, holding their index and filter blocks too, and one write buffer manager that charges the
 * memtables to that cache (at most half of it). Without it each store takes its own cache and memtables, so memory
 * grows with the number of partitions and stores rather than with a setting. As Kafka Streams' documentation
 * recommends for bounded memory; the cache and manager live as long as the JVM and are shared by every instance
 * in it (the first size configured wins).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRocksDbMemory.class);
    /** Share of the cache kept for index and filter blocks, which every read needs. */
    private static final double INDEX_FILTER_RATIO = 0.1;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long bytes;

    static {
        RocksDB.loadLibrary();
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(StreamcastConfig.ROCKSDB_MEMORY_BYTES_CONFIG);
        long budget = configured == null ? StreamcastConfig.DEFAULT_ROCKSDB_MEMORY_BYTES
                : Long.parseLong(configured.toString());
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared(budget));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers);
    }

    private static synchronized Cache shared(long budget) {
        if (cache == null) {
            bytes = budget;
            cache = new LRUCache(budget, -1, false, INDEX_FILTER_RATIO);
            writeBuffers = new WriteBufferManager(budget / 2, cache);
            LOG.info("RocksDB stores share {} bytes of block cache and memtables", budget);
        } else if (budget != bytes) {
            LOG.warn("RocksDB stores of this JVM already share {} bytes; {} bytes asked for later is ignored", bytes,
                    budget);
        }
        return cache;
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared by every store: they stay until the JVM ends.
    }
}
