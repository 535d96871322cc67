package io.streamcast.stream;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses a number given to a Kafka Streams setting that Kafka Streams' own check takes, but with which an instance
 * cannot run: it failed or stalled only once started, in words that name no setting, and again at every start.
 */
final class StreamsSettingsCheck {

    /** The least value {@code name} can run with, and what a smaller one did. */
    private record Floor(String name, Type type, long least, String why) {
    }

    private static final List<Floor> FLOORS = List.of(
            new Floor(StreamsConfig.STATE_CLEANUP_DELAY_MS_CONFIG, Type.LONG, 1, "Kafka Streams runs its cleaner of"
                    + " the state directory at that period, and its start failed with a bare"
                    + " IllegalArgumentException"),
            new Floor(StreamsConfig.POLL_MS_CONFIG, Type.LONG, 0, "each stream thread died at its first poll (Invalid"
                    + " negative timeout), and the instance went to ERROR having predicted nothing"),
            new Floor(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, Type.INT, 0, "each input partition stayed"
                    + " paused after its first fetch, never resumed, and the instance read RUNNING while it predicted"
                    + " nothing more"));

    private StreamsSettingsCheck() {
    }

    /**
     * @param settings the settings as given, each parsed as Kafka Streams parses it
     * @throws ConfigException naming the first setting below its floor
     */
    static void require(Map<String, ?> settings) {
        for (Floor floor : FLOORS) {
            Object given = settings.get(floor.name());
            if (given != null && ((Number) ConfigDef.parseType(floor.name(), given, floor.type())).longValue()
                    < floor.least()) {
                throw new ConfigException(floor.name(), given, "must be at least " + floor.least() + ": "
                        + floor.why());
            }
        }
    }
}
