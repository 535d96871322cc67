package io.streamcast.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns of settings with which an instance runs, but at a cost no production instance should pay unawares: a
 * {@code commit.interval.ms} below {@link #COMMIT_INTERVAL_BOUND_MS}, a {@code metadata.max.age.ms} below {@link
 * #METADATA_AGE_BOUND_MS}. Each warning names the setting as given, its value and what it costs. Warned of rather
 * than refused, since each works: one may choose it for a test or a measurement. The instance's build and {@code
 * run}'s checks before it both warn, and the logging configuration lets each line through once per process
 * (OnceEachStreamsWarning).
 *
 * <p>Not warned of, as read from Kafka Streams 4.4: a {@code log.summary.interval.ms} of 0 or below, which turns the
 * stream threads' summary line off (StreamThread writes it only while the interval is above 0), and costs nothing.
 * The commands' own clients ({@link StreamcastConfig#clientSettings}) take {@code metadata.max.age.ms} as well, at the
 * same cost, but only for as long as a demo's producer, a bench or a soak's checks last; the two Kafka Streams
 * settings never reach them.
 */
public final class CostlySettingsCheck {

    private static final Logger LOG = LoggerFactory.getLogger(CostlySettingsCheck.class);

    private static final String METADATA_AGE = CommonClientConfigs.METADATA_MAX_AGE_CONFIG;

    private CostlySettingsCheck() {
    }

    /** Logs each of {@link #warnings} at WARN. */
    static void warn(Properties settings) {
        warnings(settings).forEach(LOG::warn);
    }

    /**
     * Below it a stream thread commits more often than Kafka Streams ever does by default: 100 ms is its default under
     * exactly-once, chosen as often as transactions can be afforded (each writes markers to every partition written
     * to); at-least-once's default is 30 s. At 1 ms a thread commits about as often as at 0, which was warned of alone.
     */
    static final long COMMIT_INTERVAL_BOUND_MS = 100;

    /**
     * Below it each client asks a broker for metadata more than once a second, where Kafka's default asks every 5
     * minutes; below {@code retry.backoff.ms} (100 ms by default) every age costs as much as 0, which was warned of
     * alone: the backoff alone then spaces the requests (Metadata.timeToNextUpdate, kafka-clients 4.4).
     */
    static final long METADATA_AGE_BOUND_MS = 1_000;

    /** @param settings Kafka Streams' settings, as {@link StreamcastConfig#streamsProperties} gives them */
    static List<String> warnings(Properties settings) {
        List<String> warnings = new ArrayList<>();
        StreamsConfig streams = new QuietStreamsConfig(settings);
        long commitInterval = streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        if (commitInterval < COMMIT_INTERVAL_BOUND_MS) {
            warnings.add(commitEveryLoop(commitInterval, StreamcastConfig.exactlyOnce(settings)));
        }
        metadataAges(settings, streams).forEach((setting, young) -> warnings.add(metadataOftenAskedFor(setting,
                young)));
        return warnings;
    }

    private static String metadataOftenAskedFor(String setting, YoungMetadata young) {
        String clients = setting + "=" + young.age() + " (given to " + String.join(", ", young.clients()) + "): ";
        String usual = " from each, where Kafka's default asks every 5 minutes (Streamcast's main consumer every"
                + " 30 s)";
        if (young.age() == 0) {
            return clients + "each of these clients takes its metadata as out of date as soon as it has it, and asks a"
                    + " broker for it again as often as " + CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG + " (100 ms by"
                    + " default) lets it: about ten metadata requests a second" + usual;
        }
        return clients + "each of these clients takes its metadata as out of date " + young.age() + " ms after it has"
                + " it, and asks a broker for it again as often as that and "
                + CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG + " (100 ms by default) let it: more than one metadata"
                + " request a second" + usual;
    }

    /**
     * A stream thread commits once more than {@code commit.interval.ms} has passed since its last commit (Kafka
     * Streams 4.4, StreamThread.maybeCommit): at 0, at every pass of its loop in which a millisecond has passed.
     */
    private static String commitEveryLoop(long interval, boolean exactlyOnce) {
        String what = exactlyOnce ? "commits a transaction (exactly-once), with its markers written to each partition"
                + " it wrote to," : "commits its offsets";
        String usual = exactlyOnce ? "100 ms, exactly-once's default" : "30 s, at-least-once's default";
        return StreamsConfig.COMMIT_INTERVAL_MS_CONFIG + "=" + interval + ": each stream thread " + what + " at every"
                + " pass of its loop once " + (interval == 0 ? "a millisecond has" : "more than " + interval
                + " ms have") + " passed since the last commit, rather than every " + usual + "; the state stores'"
                + " checkpoints follow the same interval";
    }

    /**
     * The clients given a {@code metadata.max.age.ms} below {@link #METADATA_AGE_BOUND_MS}, by the setting that gives
     * it to them as it was given: such a client's metadata expires that soon after it arrives, and Kafka's clients
     * then refresh it as often as their refresh backoff allows (Metadata.timeToNextUpdate, kafka-clients 4.4). Each
     * client's settings are derived as Kafka Streams derives them, its prefixes over the plain settings; {@code run}'s
     * own admin client reads the plain ones.
     */
    private static Map<String, YoungMetadata> metadataAges(Properties settings, StreamsConfig streams) {
        String applicationId = streams.getString(StreamsConfig.APPLICATION_ID_CONFIG);
        String clientId = applicationId + "-StreamThread-1";
        Map<String, Object> plain = new HashMap<>();
        settings.forEach((name, value) -> plain.put(name.toString(), value));
        List<Client> clients = List.of(
                new Client("run's admin client", KafkaClientsCheck.PLAIN, plain),
                new Client("Kafka Streams' admin client", KafkaClientsCheck.ADMIN,
                        streams.getAdminConfigs(clientId + "-admin")),
                new Client("Kafka Streams' producer", KafkaClientsCheck.PRODUCER,
                        streams.getProducerConfigs(clientId + "-producer")),
                new Client("Kafka Streams' main consumer", KafkaClientsCheck.MAIN_CONSUMER,
                        streams.getMainConsumerConfigs(applicationId, clientId + "-consumer", 1)),
                new Client("Kafka Streams' restore consumer", KafkaClientsCheck.RESTORE_CONSUMER,
                        streams.getRestoreConsumerConfigs(clientId + "-restore-consumer")),
                new Client("Kafka Streams' global consumer", KafkaClientsCheck.GLOBAL_CONSUMER,
                        streams.getGlobalConsumerConfigs(applicationId + "-global-consumer")));
        Map<String, YoungMetadata> bySetting = new LinkedHashMap<>();
        for (Client client : clients) {
            Object given = client.settings().get(METADATA_AGE);
            long age = given == null ? Long.MAX_VALUE : (Long) ConfigDef.parseType(METADATA_AGE, given, Type.LONG);
            if (age < METADATA_AGE_BOUND_MS) {
                bySetting.computeIfAbsent(KafkaClientsCheck.given(settings, METADATA_AGE, client.prefixes()),
                        setting -> new YoungMetadata(age, new ArrayList<>())).clients().add(client.name());
            }
        }
        return bySetting;
    }

    /** A {@code metadata.max.age.ms} below the bound, as one setting gives it, and the clients it reaches. */
    private record YoungMetadata(long age, List<String> clients) {
    }

    /** A client, the prefixes its settings may be given under, first the one that wins, and its settings. */
    private record Client(String name, String[] prefixes, Map<String, Object> settings) {
    }
}
