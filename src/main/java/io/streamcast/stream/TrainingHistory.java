package io.streamcast.stream;

import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the training round reports that this instance's training-rounds global store holds. */
public final class TrainingHistory {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingHistory.class);

    private final KafkaStreams streams;
    private final Topic<String, TrainingRoundReport> rounds;

    public TrainingHistory(KafkaStreams streams, Topic<String, TrainingRoundReport> rounds) {
        this.streams = streams;
        this.rounds = rounds;
    }

    /**
     * The latest {@code limit} reports, newest first.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the store cannot be read, for
     *         example before the streams run
     */
    public List<TrainingRoundReport> latest(int limit) {
        ReadOnlyKeyValueStore<Long, byte[]> store = StoreQueries.store(streams, StoreQueryParameters.fromNameAndType(
                StreamcastTopology.TRAINING_ROUNDS_STORE, QueryableStoreTypes.keyValueStore()));
        try (KeyValueIterator<Long, byte[]> all = store.reverseAll()) {
            return newest(all, rounds, limit);
        }
    }

    /**
     * The first {@code limit} reports {@code newestFirst} holds that can be read. Why skip the others: the topic is
     * written by trainers of any release, and by anyone with access; one record that cannot be read must not hide
     * every report after it. A registry that cannot be reached is not the record's fault, and is thrown.
     */
    static List<TrainingRoundReport> newest(Iterator<KeyValue<Long, byte[]>> newestFirst,
                                            Topic<String, TrainingRoundReport> rounds, int limit) {
        List<TrainingRoundReport> latest = new ArrayList<>();
        while (newestFirst.hasNext() && latest.size() < limit) {
            KeyValue<Long, byte[]> record = newestFirst.next();
            try {
                latest.add(rounds.deserializeValue(record.value));
            } catch (SchemaRegistryUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("Passing over the training round report at offset {}: {}", record.key, e.getMessage());
            }
        }
        return latest;
    }
}
