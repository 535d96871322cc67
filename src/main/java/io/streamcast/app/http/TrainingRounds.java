package io.streamcast.app.http;

import io.streamcast.schema.TrainingRoundReport;
import java.util.List;

/** The latest training round reports, newest first, as {@link io.streamcast.stream.TrainingHistory} reads them. */
@FunctionalInterface
public interface TrainingRounds {

    /**
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while they cannot be read
     * @throws io.streamcast.serde.SchemaRegistryUnavailableException while a report's schema cannot be fetched
     */
    List<TrainingRoundReport> latest(int limit);
}
