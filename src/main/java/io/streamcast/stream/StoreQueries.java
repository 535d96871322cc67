package io.streamcast.stream;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Queries of the application's state stores from outside its stream threads (the HTTP endpoints), with one exception
 * for every time a store cannot be read. Kafka Streams throws an {@link InvalidStateStoreException} before it has
 * started and during a rebalance, but a plain {@link IllegalStateException} once it is shutting down, has stopped or
 * has failed; either way the store is not readable now, which the endpoints answer with 503, not as an internal
 * error.
 */
public final class StoreQueries {

    private StoreQueries() {
    }

    /** {@link KafkaStreams#store}; throws {@link InvalidStateStoreException} whenever the store cannot be read. */
    public static <T> T store(KafkaStreams streams, StoreQueryParameters<T> query) {
        try {
            return streams.store(query);
        } catch (InvalidStateStoreException e) {
            throw e;
        } catch (IllegalStateException e) {
            throw notRunning(e);
        }
    }

    /**
     * {@link KafkaStreams#queryMetadataForKey}; throws {@link InvalidStateStoreException} when the streams are not
     * running.
     */
    public static <K> KeyQueryMetadata metadataForKey(KafkaStreams streams, String store, K key,
                                                      Serializer<K> keySerializer) {
        try {
            return streams.queryMetadataForKey(store, key, keySerializer);
        } catch (IllegalStateException e) {
            throw notRunning(e);
        }
    }

    private static InvalidStateStoreException notRunning(IllegalStateException e) {
        return new InvalidStateStoreException("the streams are not running (" + e.getMessage() + ")", e);
    }
}
