package io.streamcast.stream;

import io.streamcast.schema.TrainingRoundReport;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the training round reports that this instance's training-rounds global store holds. */
public final class TrainingHistory {

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
        ReadOnlyKeyValueStore<Long, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                StreamcastTopology.TRAINING_ROUNDS_STORE, QueryableStoreTypes.keyValueStore()));
        List<TrainingRoundReport> latest = new ArrayList<>();
        try (KeyValueIterator<Long, byte[]> all = store.reverseAll()) {
            while (all.hasNext() && latest.size() < limit) {
                latest.add(rounds.deserializeValue(all.next().value));
            }
        }
        return latest;
    }
}
