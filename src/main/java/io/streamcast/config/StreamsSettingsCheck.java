package io.streamcast.config;

import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses a number given to a Kafka Streams setting that Kafka Streams' own check takes, but with which an instance
 * cannot run: it failed or stalled only once started, in words that name no setting, and again at every start. And
 * names the setting where Kafka Streams' own check refuses a value without naming it.
 */
final class StreamsSettingsCheck {

    /** The values {@code name} can run with ({@code must} says which), and what another did. */
    private record Rule(String name, Type type, LongPredicate runs, String must, String why) {

        static Rule floor(String name, Type type, long least, String why) {
            return new Rule(name, type, value -> value >= least, "must be at least " + least, why);
        }
    }

    private static final List<Rule> RULES = List.of(
            Rule.floor(StreamsConfig.STATE_CLEANUP_DELAY_MS_CONFIG, Type.LONG, 1, "Kafka Streams runs its cleaner of"
                    + " the state directory at that period, and its start failed with a bare"
                    + " IllegalArgumentException"),
            Rule.floor(StreamsConfig.POLL_MS_CONFIG, Type.LONG, 0, "each stream thread died at its first poll (Invalid"
                    + " negative timeout), and the instance went to ERROR having predicted nothing"),
            Rule.floor(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, Type.INT, 0, "each input partition stayed"
                    + " paused after its first fetch, never resumed, and the instance read RUNNING while it predicted"
                    + " nothing more"),
            new Rule(StreamsConfig.REPLICATION_FACTOR_CONFIG, Type.INT, value -> value == -1 || value >= 1,
                    "must be -1 (the broker's default) or at least 1", "the broker refuses to create the internal"
                    + " topics with no replica, so each stream thread failed at its first rebalance"
                    + " (InvalidReplicationFactorException) and the instance stopped once it had replaced them"));

    private StreamsSettingsCheck() {
    }

    /**
     * Kafka Streams' own check of a few settings refuses a value in words that name no setting ({@code
     * topology.optimization}'s: "Unrecognized config. Acceptable values are: ..."), and {@code run} reported it so:
     * checked first here, as Kafka Streams checks it, its refusal names the setting.
     *
     * @param settings the settings as given
     * @throws ConfigException naming the first setting Kafka Streams' check refuses without naming it; one it names,
     *         Kafka Streams' own parse refuses as it is
     */
    static void requireRefusalsNamed(Map<String, ?> settings) {
        for (ConfigDef.ConfigKey key : StreamsConfig.configDef().configKeys().values()) {
            Object given = settings.get(key.name);
            if (given == null || key.validator == null) {
                continue;
            }
            try {
                key.validator.ensureValid(key.name, ConfigDef.parseType(key.name, given, key.type));
            } catch (ConfigException e) {
                if (e.getMessage() == null || !e.getMessage().contains(key.name)) {
                    throw new ConfigException(key.name, given, String.valueOf(e.getMessage()));
                }
            }
        }
    }

    /**
     * @param settings the settings as given, each parsed as Kafka Streams parses it
     * @throws ConfigException naming the first setting given a value it cannot run with
     */
    static void require(Map<String, ?> settings) {
        for (Rule rule : RULES) {
            Object given = settings.get(rule.name());
            if (given != null && !rule.runs().test(((Number) ConfigDef.parseType(rule.name(), given, rule.type()))
                    .longValue())) {
                throw new ConfigException(rule.name(), given, rule.must() + ": " + rule.why());
            }
        }
    }
}
