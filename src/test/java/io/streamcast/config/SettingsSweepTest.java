package io.streamcast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.streamcast.serde.SchemaRegistryConfig;
import io.streamcast.testing.TestSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Streamcast setting the definition holds, fed values a user could plausibly get wrong: each must be refused at
 * start-up naming the setting, or accepted with a value the instance can run with. The settings are read from the
 * definition, so a new setting is swept without a change here; one whose largest value is accepted must be listed in
 * {@link #SAFE_AT_TYPE_MAXIMUM}, after its code path was read for overflows, allocations and waits.
 */
class SettingsSweepTest {

    /** Settings for which an empty value means something: none of them, or all of them. */
    private static final Set<String> EMPTY_MEANS_NONE = Set.of(StreamcastConfig.FORECAST_INDICES_CONFIG,
            StreamcastConfig.CALENDAR_FEATURES_CONFIG, StreamcastConfig.PASSTHROUGH_SETTINGS_CONFIG);

    /**
     * Number settings accepted at their type's largest value, each because that value is safe where it is used:
     * times and counts compared with, never added to or multiplied into an int, and no array sized from them.
     */
    private static final Set<String> SAFE_AT_TYPE_MAXIMUM = Set.of(
            // a count of events or errors compared with the key's long or int counters (KeyStep doubles the
            // relearning period as a long); the largest keeps the key learning, warming up or quiet for good
            StreamcastConfig.ANOMALY_LEARNING_PERIOD_CONFIG, StreamcastConfig.ANOMALY_RELEARNING_PERIOD_CONFIG,
            StreamcastConfig.ANOMALY_BUCKET_CONFIG, StreamcastConfig.ANOMALY_REFRACTORY_EVENTS_CONFIG,
            StreamcastConfig.WARMUP_EVENTS_CONFIG, StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG,
            // a factor compared with a ratio of records: the largest never escalates
            StreamcastConfig.ANOMALY_REFRACTORY_ESCALATION_CONFIG,
            // waits given to Duration.ofMillis, whose deadlines stay within Instant's range; differences of event
            // times are compared unsigned (EventTimePolicy) and the trusted timestamp is clamped (PredictProcessor)
            StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG, StreamcastConfig.HTTP_QUERY_TIMEOUT_MS_CONFIG,
            StreamcastConfig.LATE_EVENT_GRACE_MS_CONFIG, StreamcastConfig.MODEL_REGISTRY_WAIT_MS_CONFIG,
            StreamcastConfig.METRICS_KAFKA_REFRESH_MS_CONFIG,
            // a delay given to a ScheduledExecutorService, which saturates it: the largest keeps the start-up limits
            StreamcastConfig.MAX_MESSAGE_BYTES_REFRESH_MS_CONFIG,
            // the in-memory registry of these probes never waits; against a real one, start-up bounds the call by
            // half the poll interval (RegistryWaitCheck)
            StreamcastConfig.SCHEMA_REGISTRY_CALL_TIMEOUT_MS_CONFIG,
            // compared with now minus the last round's start: the largest trains once
            StreamcastConfig.TRAINING_INTERVAL_MS_CONFIG,
            // loop bounds: epochs stop at max.epochs or patience, batches at the windows there are
            StreamcastConfig.TRAINING_MAX_EPOCHS_CONFIG, StreamcastConfig.TRAINING_PATIENCE_CONFIG,
            StreamcastConfig.TRAINING_BATCH_SIZE_CONFIG, StreamcastConfig.TRAINING_MIN_NEW_SAMPLES_CONFIG,
            // a key's share of the training set, whose whole start-up bounds by the heap
            StreamcastConfig.TRAINING_SET_PER_KEY_CAPACITY_CONFIG,
            // any seed
            StreamcastConfig.TRAINING_SEED_CONFIG);

    private static Stream<Arguments> malformed() {
        List<Arguments> probes = new ArrayList<>();
        for (ConfigDef.ConfigKey key : StreamcastConfig.definition().configKeys().values()) {
            if (!EMPTY_MEANS_NONE.contains(key.name)) {
                probes.add(Arguments.of(key.name, ""));
                probes.add(Arguments.of(key.name, "   "));
            }
            switch (key.type) {
                case INT, LONG, SHORT -> {
                    probes.add(Arguments.of(key.name, "ten"));
                    probes.add(Arguments.of(key.name, "1.5"));
                    probes.add(Arguments.of(key.name, "1,000"));
                }
                case DOUBLE -> {
                    probes.add(Arguments.of(key.name, "ten"));
                    probes.add(Arguments.of(key.name, "NaN"));
                    probes.add(Arguments.of(key.name, "Infinity"));
                    probes.add(Arguments.of(key.name, "-Infinity"));
                    probes.add(Arguments.of(key.name, "0,5"));
                }
                case BOOLEAN -> {
                    probes.add(Arguments.of(key.name, "yes"));
                    probes.add(Arguments.of(key.name, "1"));
                }
                case STRING, LIST -> {
                    for (String valid : validNames(key)) {
                        // Kafka's own choices are case-sensitive too; the refusal lists the values to write
                        probes.add(Arguments.of(key.name, valid.toLowerCase(Locale.ROOT)));
                    }
                }
                default -> {
                }
            }
            if (key.type == Type.LIST && !StreamcastConfig.PASSTHROUGH_SETTINGS_CONFIG.equals(key.name)) {
                List<String> names = validNames(key);
                String element = names.isEmpty() ? "0" : names.get(0);
                probes.add(Arguments.of(key.name, element + ",," + element));
                probes.add(Arguments.of(key.name, element + ","));
            }
        }
        return probes.stream();
    }

    /** A value that is no value of the setting's type, or none of its choices, is refused naming the setting. */
    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("malformed")
    void shouldRefuseAMalformedValueNamingTheSetting(String key, String value) {
        assertThatThrownBy(() -> startUp(key, value))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    private static Stream<Arguments> extremes() {
        List<Arguments> probes = new ArrayList<>();
        for (ConfigDef.ConfigKey key : StreamcastConfig.definition().configKeys().values()) {
            List<String> values = switch (key.type) {
                case INT -> List.of("-1", "0", Integer.toString(Integer.MAX_VALUE), Long.toString(Long.MAX_VALUE));
                case LONG -> List.of("-1", "0", Long.toString(Long.MAX_VALUE), Long.MIN_VALUE + "");
                case SHORT -> List.of("-2", "0", Short.toString(Short.MAX_VALUE), "70000");
                case DOUBLE -> List.of("-1", "0", "-0.0", "4.9e-324", "1e308", "2", "1");
                default -> List.of();
            };
            values.forEach(v -> probes.add(Arguments.of(key.name, v)));
        }
        return probes.stream();
    }

    /**
     * A negative, zero or far too large number is refused naming a setting, or gives settings every part of the
     * instance takes; a number setting accepted at its type's largest value is one whose uses were read for it.
     */
    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("extremes")
    void shouldRefuseAnExtremeNumberOrRunWithIt(String key, String value) {
        StreamcastConfig[] accepted = new StreamcastConfig[1];
        Throwable refusal = catchThrowable(() -> accepted[0] = startUp(key, value));

        if (refusal != null) {
            assertThat(refusal).isInstanceOf(ConfigException.class);
            assertThat(refusal.getMessage()).as("names a setting").containsAnyOf(definedAnd(key));
            return;
        }
        ConfigDef.ConfigKey definition = StreamcastConfig.definition().configKeys().get(key);
        assertThat(accepted[0].values().get(key)).as("the value given, not another")
                .isEqualTo(ConfigDef.parseType(key, value, definition.type));
        if (isTypeMaximum(value)) {
            assertThat(SAFE_AT_TYPE_MAXIMUM).as("%s takes its type's largest value: read its uses for overflows,"
                    + " allocations and waits, then list it or bound it", key).contains(key);
        }
    }

    private static Stream<Arguments> defaults() {
        // an empty default is swept as an empty value above
        return StreamcastConfig.definition().configKeys().values().stream()
                .filter(key -> key.hasDefault() && key.defaultValue != null)
                .map(key -> Arguments.of(key.name, ConfigDef.convertToString(key.defaultValue, key.type)))
                .filter(probe -> !((String) probe.get()[1]).isEmpty());
    }

    /** Spaces around a value, as a properties file or an environment variable may leave them, are ignored. */
    @ParameterizedTest(name = "{0} = \" {1} \"")
    @MethodSource("defaults")
    void shouldTakeAValueWithSpacesAroundItAsTheValue(String key, String value) {
        StreamcastConfig spaced = startUp(key, " " + value + "  ");

        assertThat(spaced.values().get(key)).isEqualTo(startUp(key, value).values().get(key));
    }

    /**
     * What {@code run} does with the settings before it reaches a broker: Streamcast's checks, the registry client's
     * and Kafka Streams', and every part's settings built.
     */
    private static StreamcastConfig startUp(String key, String value) {
        Map<String, Object> settings = TestSettings.base();
        settings.put(key, value);
        StreamcastConfig config = new StreamcastConfig(settings);
        new StreamsConfig(config.streamsProperties());
        config.requireRunnable();
        new SchemaRegistryConfig(config.registrySettings());
        config.predictorSettings();
        config.trainerSettings();
        config.eventTimePolicy();
        return config;
    }

    /** The names a string or list setting takes, as its validator lists them ({@code [A, B]}); none if free. */
    private static List<String> validNames(ConfigDef.ConfigKey key) {
        String choices = String.valueOf(key.validator);
        if (key.validator == null || !choices.startsWith("[") || !choices.endsWith("]")) {
            return List.of();
        }
        return Arrays.stream(choices.substring(1, choices.length() - 1).split(",\\s*")).toList();
    }

    private static boolean isTypeMaximum(String value) {
        return value.equals(Integer.toString(Integer.MAX_VALUE)) || value.equals(Long.toString(Long.MAX_VALUE))
                || value.equals(Short.toString(Short.MAX_VALUE)) || value.equals("1e308");
    }

    /** {@code key} first, then every other setting an interplay refusal may name instead. */
    private static String[] definedAnd(String key) {
        List<String> names = new ArrayList<>(List.of(key));
        names.addAll(StreamcastConfig.definition().names());
        return names.toArray(String[]::new);
    }
}
