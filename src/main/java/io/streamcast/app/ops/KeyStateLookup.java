package io.streamcast.app.ops;

import io.streamcast.app.DamagedLocalState;
import io.streamcast.codec.UndecodableStateException;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyStateView;
import io.streamcast.stream.KeyStateFormat;
import io.streamcast.stream.StoreQueries;
import io.streamcast.stream.StreamcastTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds a key's state in the key-state store: in this instance's store when this instance owns the key's
 * partition, otherwise it names the instance that does. Only active stores are read, so an answer is never older
 * than what the owner has processed. With {@code application.server}, a key has two candidate partitions: the one
 * Kafka Streams names (murmur2, as Java's producer picks) and the one librdkafka's default partitioner sends it to
 * ({@link LibrdkafkaPartitioner}), looked in when the first does not hold the key or its store cannot be read (the
 * first's failure is the answer unless the second holds the key). No other partition is searched:
 * a query costs at most one instance more than the owner, and a store of another partition that cannot be read
 * does not change its answer.
 *
 * <p>Without {@code application.server} the instances do not know each other's addresses (nor does Kafka Streams
 * compute a key's partition then), so every local store is searched and a key owned by another instance is reported
 * missing; so is one whose partition is moving to or from this instance in a rebalance. A key of a partition this
 * instance holds but still restores is reported unavailable, and so is a key not found while one of the stores
 * searched cannot be read now; unreadable when every such store is damaged.
 */
public final class KeyStateLookup {

    /** Keys are the records' own bytes, as the stream stores and partitions them: any bytes, not only UTF-8. */
    private static final Serializer<byte[]> KEY_SERIALIZER = Serdes.ByteArray().serializer();
    private static final String OWNER_UNKNOWN = "the owner of the key is not known yet; the instances are rebalancing";
    /** What mends a store RocksDB cannot read: without its task's directory, Kafka Streams restores it. */
    private static final String REBUILD = "; its local state is damaged: stopping this instance and removing that"
            + " task's directory has it rebuilt from its changelog";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final InputSpec spec;
    private final KeyStateFormat keyStates;
    private final String eventsTopic;

    /**
     * @param self        this instance's {@code application.server} address, or null when it is not set
     * @param eventsTopic the topic whose partitions the key states are kept by
     */
    public KeyStateLookup(KafkaStreams streams, HostInfo self, InputSpec spec, KeyStateFormat keyStates,
                          String eventsTopic) {
        this.streams = streams;
        this.self = self;
        this.spec = spec;
        this.keyStates = keyStates;
        this.eventsTopic = eventsTopic;
    }

    /** This instance's address as other instances reach it, or null when application.server is not set. */
    public HostInfo self() {
        return self;
    }

    /**
     * The state of the key whose record key is {@code key}, for a client's query: read here when this instance owns
     * the key's partition, else that partition's owner ({@link Remote#firstCandidate}); when it is missing there, the
     * key's second candidate's ({@link #secondCandidate}). Without {@code application.server}, every local store.
     */
    public Result lookup(byte[] key) {
        return lookup(key, true);
    }

    /**
     * The key's state in its second candidate partition, once its first (the one Kafka Streams names, murmur2 as
     * Java's producer picks) does not hold it: the partition librdkafka's default partitioner sends a key to, which
     * its producers (confluent-kafka-python and the other clients built on it) keep the key's state in. Read here
     * when this instance owns it, else its owner; missing when there is none, or its owner is {@code asked}, which
     * answered from both candidates it holds ({@link #lookupHere}).
     *
     * @param asked the instance that answered for the first candidate, or null when this one did
     */
    public Result secondCandidate(byte[] key, HostInfo asked) {
        if (self == null) {
            return new Missing();
        }
        FirstCandidate candidate = firstCandidate(key);
        return candidate.unavailable() != null ? candidate.unavailable()
                : secondCandidate(key, candidate.metadata().partition(), asked);
    }

    /** The key's partition and its owner as Kafka Streams names them, or why they cannot be named now. */
    private FirstCandidate firstCandidate(byte[] key) {
        try {
            KeyQueryMetadata first = StoreQueries.metadataForKey(streams, StreamcastTopology.KEY_STATE_STORE, key,
                    KEY_SERIALIZER);
            return known(first) ? new FirstCandidate(first, null)
                    : new FirstCandidate(null, new Unavailable(OWNER_UNKNOWN));
        } catch (InvalidStateStoreException e) {
            return new FirstCandidate(null, new Unavailable(e.getMessage()));
        }
    }

    /** Either the key's first candidate's metadata or why there is none yet. */
    private record FirstCandidate(KeyQueryMetadata metadata, Unavailable unavailable) {
    }

    private Result secondCandidate(byte[] key, int firstPartition, HostInfo asked) {
        KeyQueryMetadata second;
        try {
            second = secondMetadata(key, firstPartition);
        } catch (InvalidStateStoreException e) {
            return new Unavailable(e.getMessage());
        }
        if (second == null || (asked != null && second.activeHost().equals(asked))) {
            return new Missing();
        }
        if (!known(second)) {
            return new Unavailable("the owner of the key's partition under librdkafka's partitioner is not known"
                    + " yet; the instances are rebalancing");
        }
        return second.activeHost().equals(self) ? readLocal(key, second.partition())
                : new Remote(second.activeHost(), false);
    }

    /**
     * The key's state from this instance's stores alone, for a query another instance forwarded to the owner of the
     * key's partition, which is never passed on: read from that partition's store, then, when the key is missing
     * there, from its second candidate's when this instance owns it too (the forwarder does not ask it again). The
     * owner this instance knows when that is another (the instances disagree on who owns what while they rebalance).
     */
    public Result lookupHere(byte[] key) {
        return lookup(key, false);
    }

    /**
     * @param forClient a client's query, which may go on to other instances, rather than one forwarded, whose answer
     *                  comes from this instance's stores alone
     */
    private Result lookup(byte[] key, boolean forClient) {
        if (self == null) {
            return searchLocalStores(key);
        }
        FirstCandidate candidate = firstCandidate(key);
        if (candidate.unavailable() != null) {
            return candidate.unavailable();
        }
        KeyQueryMetadata first = candidate.metadata();
        if (!first.activeHost().equals(self)) {
            return new Remote(first.activeHost(), forClient);
        }
        Result result = readLocal(key, first.partition());
        if (result instanceof Found) {
            return result;
        }
        Result second = secondCandidate(key, first.partition(), null);
        if (!(result instanceof Missing)) {
            // a librdkafka producer's key is kept in its second candidate, whose store may be sound when the first's
            // cannot be read
            return second instanceof Found ? second : result;
        }
        return !forClient && second instanceof Remote ? new Missing() : second;
    }

    /**
     * The key's state in this instance's store of its second candidate partition alone ({@link #secondCandidate}),
     * for a query another instance forwarded there, which is never passed on: missing when the key has none, and
     * the owner this instance knows when that is another (while the instances rebalance).
     */
    public Result secondCandidateHere(byte[] key) {
        return self == null ? searchLocalStores(key) : secondCandidate(key, null);
    }

    /**
     * Where the key's second candidate partition is, or null when it has none: the empty key, which librdkafka
     * spreads at random, and a key both partitioners send to {@code firstPartition}.
     */
    private KeyQueryMetadata secondMetadata(byte[] key, int firstPartition) {
        if (key.length == 0) {
            return null;
        }
        KeyQueryMetadata second;
        try {
            second = streams.queryMetadataForKey(StreamcastTopology.KEY_STATE_STORE, key,
                    LibrdkafkaPartitioner.INSTANCE);
        } catch (IllegalStateException e) {
            throw new InvalidStateStoreException("the streams are not running (" + e.getMessage() + ")", e);
        }
        return second != null && second.partition() == firstPartition ? null : second;
    }

    private static boolean known(KeyQueryMetadata metadata) {
        return metadata != null && !metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
                && !metadata.activeHost().equals(HostInfo.unavailable());
    }

    /**
     * Searches every local store for the key, all at once; when one of them cannot be read (a damaged table file,
     * which RocksDB finds only when it reads it), each on its own, so that the keys of the others are still answered.
     */
    private Result searchLocalStores(byte[] key) {
        StoreQueryParameters<ReadOnlyKeyValueStore<byte[], byte[]>> query = StoreQueryParameters.fromNameAndType(
                StreamcastTopology.KEY_STATE_STORE, QueryableStoreTypes.keyValueStore());
        try {
            return decode(StoreQueries.store(streams, query).get(key));
        } catch (InvalidStateStoreException e) {
            return new Unavailable("the key's store is not queryable now (" + e.getMessage() + ")");
        } catch (ProcessorStateException e) {
            return searchEachLocalStore(key);
        }
    }

    private Result searchEachLocalStore(byte[] key) {
        Set<Integer> partitions = localPartitions();
        if (partitions.isEmpty()) {
            return new Unavailable("this instance holds no partition now; the instances are rebalancing");
        }
        return searchEach(key, partitions, this::partitionStore);
    }

    /**
     * The key's state from the first of {@code partitions} whose store ({@code stores} gives each) holds it. When no
     * store read holds it, it may be in one that could not be read: unavailable while one of those may be read later,
     * unreadable when each of them is damaged.
     */
    Result searchEach(byte[] key, Set<Integer> partitions, IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> stores) {
        List<String> unreadable = new ArrayList<>();
        // a retry can help unless every store the key could be in is damaged
        boolean allDamaged = true;
        for (int partition : partitions) {
            try {
                byte[] stored = read(key, partition, stores);
                if (stored != null) {
                    return decode(stored);
                }
            } catch (UnreadableStore e) {
                unreadable.add(e.getMessage());
                allDamaged &= e.damaged;
            }
        }
        if (!unreadable.isEmpty()) {
            String reason = "the key is in none of the stores read, and " + String.join("; ", unreadable);
            return allDamaged ? new Unreadable(reason) : new Unavailable(reason);
        }
        return new Missing();
    }

    private Result readLocal(byte[] key, int partition) {
        try {
            return decode(read(key, partition, this::partitionStore));
        } catch (UnreadableStore e) {
            return e.damaged ? new Unreadable(e.getMessage()) : new Unavailable(e.getMessage());
        }
    }

    /** The partitions of the events topic whose tasks, and so whose key states, this instance holds. */
    private Set<Integer> localPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition partition : task.topicPartitions()) {
                    if (partition.topic().equals(eventsTopic)) {
                        partitions.add(partition.partition());
                    }
                }
            }
        }
        return partitions;
    }

    private ReadOnlyKeyValueStore<byte[], byte[]> partitionStore(int partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<byte[], byte[]>> query = StoreQueryParameters.fromNameAndType(
                StreamcastTopology.KEY_STATE_STORE, QueryableStoreTypes.<byte[], byte[]>keyValueStore())
                .withPartition(partition);
        // Stale stores stay disabled: then Kafka Streams refuses the read while any stream thread is not RUNNING,
        // and a thread runs only once every store it was assigned is restored, so a key whose store still restores
        // is answered Unavailable. With them a restoring store would be read, and its keys not yet restored
        // reported Missing.
        return StoreQueries.store(streams, query);
    }

    private static byte[] read(byte[] key, int partition, IntFunction<ReadOnlyKeyValueStore<byte[], byte[]>> stores) {
        try {
            return stores.apply(partition).get(key);
        } catch (InvalidStateStoreException e) {
            throw new UnreadableStore("the store of partition " + partition + " is not queryable now ("
                    + e.getMessage() + ")", false);
        } catch (ProcessorStateException e) {
            // only damage is worth a rebuild: a full disk or too many open files pass, and the state is sound
            boolean damaged = DamagedLocalState.isCorruption(e);
            throw new UnreadableStore("the store of partition " + partition + " cannot be read ("
                    + withRootCause(e) + ")" + (damaged ? REBUILD : ""), damaged);
        }
    }

    private static String withRootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == error ? error.getMessage() : error.getMessage() + ": " + root.getMessage();
    }

    private Result decode(byte[] stored) {
        try {
            KeyStateView view = keyStates.view(stored);
            return view == null ? new Missing() : new Found(view);
        } catch (UndecodableStateException e) {
            // the predictor starts such a key afresh with its next event, which makes it readable again; until then
            // asking again reads the same bytes
            return new Unreadable("the key's stored state cannot be read (" + e.getMessage()
                    + "); the key starts afresh with its next accepted event");
        }
    }

    /** A partition's store that cannot be read now; damaged when RocksDB reports corruption, which stays. */
    private static final class UnreadableStore extends RuntimeException {
        final boolean damaged;

        UnreadableStore(String message, boolean damaged) {
            super(message, null, false, false);
            this.damaged = damaged;
        }
    }

    /**
     * Up to {@code limit} keys that this instance holds state for, whose bytes start with one of {@code prefixes} and
     * that {@code wanted} takes, the first in byte order (keys that are not UTF-8 among them), read as
     * {@link LocalKeysWithPrefix} does, from one listing of this instance's partitions and one look-up of each store:
     * a search box's suggestions, not a listing of a large store; and the partitions whose stores were not read
     * through them, and why.
     *
     * @throws InvalidStateStoreException while no store can be read, for example during a rebalance
     */
    public KeysWithPrefix keysWithPrefixes(List<byte[]> prefixes, int limit, Predicate<byte[]> wanted) {
        return LocalKeysWithPrefix.find(prefixes, limit, wanted, heldPartitions(), this::partitionStore);
    }

    /**
     * How many keys this instance holds state for, counted or estimated as {@link LocalKeyCount} does, and the
     * partitions whose stores the count could not read through, or could not read now.
     *
     * @throws InvalidStateStoreException while no store can be read
     */
    public KeyCount keyCount() {
        return LocalKeyCount.count(heldPartitions(), this::partitionStore);
    }

    /**
     * {@link #localPartitions()}, which must be some.
     *
     * @throws InvalidStateStoreException when this instance holds no partition now
     */
    private Set<Integer> heldPartitions() {
        Set<Integer> partitions = localPartitions();
        if (partitions.isEmpty()) {
            throw new InvalidStateStoreException("this instance holds no partition of the key-state store now");
        }
        return partitions;
    }

    /**
     * A number of keys, counted or estimated, and the partitions whose keys it leaves out, apart by what helps: an
     * operator ({@code unreadable}) or asking again ({@code unavailable}).
     *
     * @param unreadable  the partitions whose stores could not be read through (a damaged table file, which RocksDB
     *                    finds only when it reads it): the count leaves out their keys from where the read stopped, so
     *                    there are at least {@code keys}; none for an estimate, which reads no key
     * @param unavailable the partitions whose stores could not be read now: moved to another instance, or being
     *                    restored, since the partitions were listed. The count leaves out all their keys. Not among
     *                    {@code unreadable}: their stores are sound, and the next count reads them (or finds them gone)
     */
    public record KeyCount(long keys, boolean exact, List<Integer> unreadable, List<Integer> unavailable) {
    }

    /**
     * Keys found by a prefix, and the partitions whose keys may be missing from them, apart by what helps: an operator
     * ({@code unreadable}), asking again ({@code unavailable}) or a longer prefix ({@code truncated}).
     *
     * @param unreadable  the partitions whose stores could not be read through the prefix's keys (a damaged table
     *                    file, which RocksDB finds only when it reads it): keys of theirs may be missing from
     *                    {@code keys} until the store is rebuilt
     * @param unavailable the partitions whose stores could not be read now: moved to another instance, or being
     *                    restored, since the partitions were listed, or closed while read. None of their keys is in
     *                    {@code keys}, as {@link KeyCount} leaves them out. Not among {@code unreadable}: their stores
     *                    are sound and asking again reads them (or finds them gone), where a damaged store stays so
     *                    until it is rebuilt, and an operator told that a moving partition's store is damaged would
     *                    rebuild a sound one
     * @param truncated   the partitions whose stores hold more keys with the prefix than a read takes
     *                    ({@link LocalKeysWithPrefix#SCANNED}), of which none was wanted enough to end it: the keys
     *                    past those read are not looked at
     */
    public record KeysWithPrefix(List<byte[]> keys, List<Integer> unreadable, List<Integer> unavailable,
                                 List<Integer> truncated) {
    }

    /** What a lookup found. */
    public sealed interface Result permits Found, Missing, Remote, Unavailable, Unreadable {
    }

    /** The key's state, read from this instance's store. */
    public record Found(KeyStateView view) implements Result {
    }

    /** The key has no state: no event of it was accepted yet. */
    public record Missing() implements Result {
    }

    /**
     * Another instance owns the key's partition, and answers from its stores.
     *
     * @param firstCandidate whether that is the key's first candidate partition, so that the second
     *                       ({@link #secondCandidate}) is looked in when the owner does not hold the key
     */
    public record Remote(HostInfo owner, boolean firstCandidate) implements Result {
    }

    /** The key's store cannot be read now, for example during a rebalance; worth retrying. */
    public record Unavailable(String reason) implements Result {
    }

    /**
     * The key's state cannot be read, and asking again does not help until something changes: its store is damaged
     * (an operator rebuilds it), or its state was stored under other settings or is no state this release can read
     * (the key's next event starts it afresh; for other settings, an operator can restore them instead).
     */
    public record Unreadable(String reason) implements Result {
    }
}
