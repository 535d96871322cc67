package io.streamcast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.anomaly.AlarmRule;
import io.streamcast.predict.LargestRecords;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.registry.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings that would silently not apply, or that no producer could carry out, stop start-up. */
class SettingsValidationTest {

    private static StreamcastConfig config(Map<String, Object> extra) {
        Map<String, Object> settings = TestSettings.base();
        settings.putAll(extra);
        return new StreamcastConfig(settings);
    }

    @Test
    void shouldRefuseAMisspeltSettingNamingTheClosestKnownOne() {
        assertThatThrownBy(() -> config(Map.of("bootstrap.server", "broker:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown setting bootstrap.server")
                .hasMessageContaining("Did you mean bootstrap.servers?");
        assertThatThrownBy(() -> config(Map.of("model.hidden.sise", 64)))
                .hasMessageContaining("Did you mean model.hidden.size?");
        assertThatThrownBy(() -> config(Map.of("producer.max.request.sise", 64)))
                .hasMessageContaining("Did you mean producer.max.request.size?");
        assertThatThrownBy(() -> config(Map.of("consumer.sesion.timeout.ms", 10_000)))
                .hasMessageContaining("Did you mean consumer.session.timeout.ms?");
    }

    /** A file's line "=5" or bench's --set =5 was an unknown setting named by nothing, the nearest said acks. */
    @Test
    void shouldRefuseASettingWithoutANameSayingSo() {
        for (String blank : List.of("", " ")) {
            assertThatThrownBy(() -> config(Map.of(blank, 5)))
                    .as("'" + blank + "'").isInstanceOf(ConfigException.class)
                    .hasMessageContaining("A setting without a name")
                    .hasMessageNotContaining("Did you mean");
        }
    }

    /** A name in capitals, or an environment variable's written into the file, was matched to an unrelated one. */
    @Test
    void shouldNameTheSettingThatANameInCapitalsOrAVariablesNameStandsFor() {
        for (String given : List.of("MODEL.HIDDEN.SIZE", "STREAMCAST_MODEL_HIDDEN_SIZE", "model_hidden_size")) {
            assertThatThrownBy(() -> config(Map.of(given, 64)))
                    .as(given).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Unknown setting " + given + ":")
                    .hasMessageContaining("Did you mean model.hidden.size?");
        }
        assertThatThrownBy(() -> config(Map.of("KAFKA_PRODUCER_MAX_REQUEST_SIZE", 64)))
                .hasMessageContaining("Did you mean producer.max.request.size?");
    }

    @Test
    void shouldAcceptEveryKindOfKnownSetting() {
        assertThatCode(() -> config(Map.ofEntries(
                Map.entry("num.stream.threads", 2),
                Map.entry("commit.interval.ms", 100),
                Map.entry("session.timeout.ms", 10_000),
                Map.entry("linger.ms", 5),
                Map.entry("consumer.session.timeout.ms", 10_000),
                Map.entry("main.consumer.fetch.max.bytes", 1_000_000),
                Map.entry("restore.consumer.max.poll.records", 500),
                Map.entry("global.consumer.max.poll.records", 500),
                Map.entry("producer.max.request.size", 2_000_000),
                Map.entry("admin.retries", 3),
                Map.entry("topic.min.insync.replicas", 2),
                Map.entry("client.tag.zone", "eu-1a"),
                Map.entry("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"),
                Map.entry("basic.auth.credentials.source", "USER_INFO"),
                Map.entry("basic.auth.user.info", "user:secret"),
                Map.entry("schema.registry.ssl.truststore.location", "/etc/truststore.jks"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.jaas.config", "x"))))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldPassThroughUnknownSettingsThatAreListedForPlugins() {
        assertThatCode(() -> config(Map.of("acme.interceptor.endpoint", "http://x",
                StreamcastConfig.PASSTHROUGH_SETTINGS_CONFIG, "acme.interceptor.endpoint")))
                .doesNotThrowAnyException();
        assertThat(config(Map.of("acme.interceptor.endpoint", "http://x",
                StreamcastConfig.PASSTHROUGH_SETTINGS_CONFIG, "acme.interceptor.endpoint"))
                .streamsProperties()).containsEntry("acme.interceptor.endpoint", "http://x");
    }

    @Test
    void shouldRefuseAnEscalationBelowOneThatIsNotOffNamingTheSetting() {
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.ANOMALY_REFRACTORY_ESCALATION_CONFIG, 0.5)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("anomaly.refractory.escalation")
                .hasMessageContaining("must be 0 (off) or at least 1");
        assertThat(config(Map.of(StreamcastConfig.ANOMALY_REFRACTORY_ESCALATION_CONFIG, "0")).anomalySettings()
                .refractoryEscalation()).isZero();
        assertThat(config(Map.of()).anomalySettings().refractoryEscalation()).isEqualTo(2.0);
    }

    /** A close that could not outlast a record's wait for a model version would abort its transaction every time. */
    @Test
    void shouldRefuseACloseTimeoutNoLongerThanTheModelsCatchUpNamingBoth() {
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG, "5000",
                StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, "5000")).requireRunnable())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("close.timeout.ms")
                .hasMessageContaining("must exceed model.catch.up.ms (5000 ms)");
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG, "999")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("close.timeout.ms").hasMessageContaining("at least 1000");
        StreamcastConfig longerClose = config(Map.of(StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG, "5001",
                StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, "5000"));
        assertThatCode(longerClose::requireRunnable).doesNotThrowAnyException();
        assertThat(longerClose.getInt(StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG)).isEqualTo(5001);
        assertThat(config(Map.of()).getInt(StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG)).isEqualTo(30_000);
    }

    /**
     * A record read with a schema id not seen yet waits for the registry too, before its wait for a model version: a
     * close must outlast both, or it aborts the transaction there. The in-memory registry never waits.
     */
    @Test
    void shouldRefuseACloseTimeoutNoLongerThanARecordsWaitsForTheModelsAndTheRegistry() {
        Map<String, Object> settings = new HashMap<>(Map.of("processing.guarantee", "at_least_once",
                StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, "5000",
                StreamcastConfig.SCHEMA_REGISTRY_CALL_TIMEOUT_MS_CONFIG, "20000",
                StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG, "25000"));

        assertThatThrownBy(withHttpRegistry(settings)::requireRunnable)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("close.timeout.ms")
                .hasMessageContaining("must exceed model.catch.up.ms (5000 ms) plus schema.registry.call.timeout.ms"
                        + " (20000 ms)");
        assertThatCode(config(settings)::requireRunnable).as("the in-memory registry").doesNotThrowAnyException();
        settings.put(StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG, "25001");
        assertThatCode(withHttpRegistry(settings)::requireRunnable).doesNotThrowAnyException();
        assertThatCode(withHttpRegistry(Map.of())::requireRunnable).as("the defaults: 30 s against 5 s and 5 s")
                .doesNotThrowAnyException();
    }

    /** A topic with no replica cannot be created: refused at start-up, naming the setting, not by the broker later. */
    @Test
    void shouldRefuseTopicsWithoutReplicasNamingTheSetting() {
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.TOPICS_REPLICATION_FACTOR_CONFIG, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.replication.factor")
                .hasMessageContaining("must be -1 (the broker's default) or 1 to 32");
        assertThat(config(Map.of(StreamcastConfig.TOPICS_REPLICATION_FACTOR_CONFIG, "3"))
                .getShort(StreamcastConfig.TOPICS_REPLICATION_FACTOR_CONFIG)).isEqualTo((short) 3);
    }

    /**
     * The console's rings, 45 bytes a point: 10,000 keys of 300 points take 135,000,000 bytes, more than half a heap of
     * 200 MiB (104,857,600 bytes); the defaults, 1,000 keys of 300, take 13,500,000. Both bounds at their largest
     * pass each setting's own check and no heap at all.
     */
    @Test
    void shouldRefuseConsoleRingsThatWouldTakeMoreThanHalfTheHeap() {
        long heap = 200L << 20;
        assertThatThrownBy(() -> MemoryBudgetCheck.requireConsoleWithinHeap(
                config(Map.of(StreamcastConfig.CONSOLE_KEYS_CONFIG, 10_000)), heap))
                .isInstanceOf(ConfigException.class).hasMessageContaining("console.points")
                .hasMessageContaining("console.keys = 10000").hasMessageContaining("128 MiB")
                .hasMessageContaining("heap of 200 MiB");
        MemoryBudgetCheck.requireConsoleWithinHeap(config(Map.of()), heap);
        assertThatThrownBy(config(Map.of(StreamcastConfig.CONSOLE_KEYS_CONFIG, 1_000_000,
                StreamcastConfig.CONSOLE_POINTS_CONFIG, 100_000))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("console.points");
    }

    /** Chosen on held-out flight counts (docs/evaluation.md, The share of surprises made the default). */
    @Test
    void shouldJudgeTheShareOfSurprisesUnlessTurnedOff() {
        assertThat(config(Map.of()).anomalySettings().surprise()).as("by default").isTrue();
        assertThat(config(Map.of(StreamcastConfig.ANOMALY_SURPRISE_CONFIG, "false")).anomalySettings().surprise())
                .as("turned off").isFalse();
    }

    @Test
    void shouldRefuseANumberThatIsNotANumberNamingTheSetting() {
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.TRAINING_HUBER_DELTA_CONFIG, "NaN")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.huber.delta")
                .hasMessageContaining("must be a finite number");
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.TRAINING_LEARNING_RATE_CONFIG, "NaN")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.learning.rate");
        assertThat(config(Map.of(StreamcastConfig.TRAINING_HUBER_DELTA_CONFIG, "0")).trainerSettings().training()
                .huberDelta()).isZero();
    }

    /**
     * At a decay of 1 each event weighs alone in its key's running variance, (1 - 1) x (...) = 0 after every event, so
     * every value was scaled by the floor, a millionth of the key's mean: a key of mean 100 moving by 1 moved by 10,000
     * of its standard deviations, and the trainer published no model (none in 2 rounds of an 8,064-event sine, where
     * the default decay published 2). Half is the largest decay at which the first events weigh equally two at least,
     * as a variance needs.
     */
    @Test
    void shouldRefuseAScalerDecayAtWhichAKeysVarianceIsAlwaysZero() {
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.SCALER_DECAY_CONFIG, 1.0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("scaler.decay");
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.SCALER_DECAY_CONFIG, 0.75)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("scaler.decay");

        assertThat(config(Map.of(StreamcastConfig.SCALER_DECAY_CONFIG, 0.5)).inputSpec().scalerDecay())
                .isEqualTo(0.5);
    }

    /**
     * An event that breaks none of its key's records scores 0 (AnomalyScorer), and the alarm fires from the threshold
     * on: at 0 every event would be an anomaly, one per refractory period, a key still learning included.
     */
    @Test
    void shouldRefuseAThresholdOfZeroAtWhichEveryEventIsAnAnomaly() {
        assertThat(AlarmRule.everyEvent(0).fires(0, 0, AlarmRule.NEVER, 0)).as("a score of 0 at a threshold of 0")
                .isTrue();

        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.ANOMALY_THRESHOLD_CONFIG, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("anomaly.threshold")
                .hasMessageContaining("must be above 0");
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.ANOMALY_THRESHOLD_CONFIG, "-0.0")))
                .hasMessageContaining("anomaly.threshold");
        assertThat(config(Map.of(StreamcastConfig.ANOMALY_THRESHOLD_CONFIG, "0.0001")).anomalySettings().threshold())
                .isEqualTo(0.0001);
        assertThat(config(Map.of(StreamcastConfig.ANOMALY_THRESHOLD_CONFIG, "1")).anomalySettings().threshold())
                .isEqualTo(1.0);
    }

    /**
     * Every two topic settings of the definition (any setting named *.topic) given one name are refused naming both:
     * a refused event dead-lettered into the events topic would be read and refused again, for ever.
     */
    @Test
    void shouldRefuseTwoTopicSettingsNamingOneTopic() {
        List<String> topicSettings = StreamcastConfig.definition().names().stream()
                .filter(name -> name.endsWith(".topic")).sorted().toList();
        assertThat(topicSettings).hasSize(7);

        for (String first : topicSettings) {
            for (String second : topicSettings) {
                if (!first.equals(second)) {
                    assertThatThrownBy(config(Map.of(first, "shared", second, "shared"))::requireRunnable)
                            .as("%s and %s", first, second)
                            .isInstanceOf(ConfigException.class)
                            .hasMessageContaining(first).hasMessageContaining(second)
                            .hasMessageContaining("Invalid value shared");
                }
            }
        }
        assertThatThrownBy(config(Map.of(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, "events"))::requireRunnable)
                .hasMessageContaining("dead.letters.topic").hasMessageContaining("is also events.topic")
                .hasMessageContaining("read and refused again, for ever");
        // the loop is said only of the pair that makes it
        assertThatThrownBy(config(Map.of(StreamcastConfig.PREDICTIONS_TOPIC_CONFIG, "x",
                StreamcastConfig.ANOMALIES_TOPIC_CONFIG, "x"))::requireRunnable)
                .hasMessageContaining("is also").hasMessageNotContaining("refused again");
        config(Map.of(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG, "events-refused")).requireRunnable();
    }

    /**
     * A topic Kafka or Kafka Streams keeps for itself is none of Streamcast's: the events topic named as the key
     * states' changelog read every stored state back as an unparseable event, and named {@code __consumer_offsets}
     * the instance processed nothing while it reported itself healthy.
     */
    @Test
    void shouldRefuseATopicKafkaOrKafkaStreamsKeepsForItself() {
        for (String kafkas : List.of("__consumer_offsets", "__transaction_state", "__cluster_metadata")) {
            assertThatThrownBy(config(Map.of(StreamcastConfig.EVENTS_TOPIC_CONFIG, kafkas))::requireRunnable)
                    .as(kafkas).isInstanceOf(ConfigException.class).hasMessageContaining("events.topic")
                    .hasMessageContaining("Kafka's own topics");
        }
        assertThatThrownBy(config(Map.of("application.id", "app",
                StreamcastConfig.EVENTS_TOPIC_CONFIG, "app-key-state-changelog"))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("events.topic")
                .hasMessageContaining("the changelog Kafka Streams keeps for the store key-state");
        assertThatThrownBy(config(Map.of("application.id", "app",
                StreamcastConfig.PREDICTIONS_TOPIC_CONFIG, "app-trainer-progress-changelog"))::requireRunnable)
                .hasMessageContaining("predictions.topic");
        // topics shaped alike that Kafka and Kafka Streams do not keep are the user's
        config(Map.of("application.id", "app", StreamcastConfig.EVENTS_TOPIC_CONFIG, "app-events")).requireRunnable();
        config(Map.of("application.id", "app", StreamcastConfig.EVENTS_TOPIC_CONFIG, "app-audit-changelog"))
                .requireRunnable();
        config(Map.of(StreamcastConfig.EVENTS_TOPIC_CONFIG, "__debezium-heartbeat.server1")).requireRunnable();
    }

    /**
     * Kafka Streams' own dead letters go where errors.dead.letter.queue.topic.name says; into another of Streamcast's
     * topics than the dead letters' they would be read as its records.
     */
    @Test
    void shouldRefuseKafkaStreamsDeadLettersInAnotherOfStreamcastsTopics() {
        assertThatThrownBy(config(Map.of("errors.dead.letter.queue.topic.name", "events"))::requireRunnable)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("errors.dead.letter.queue.topic.name")
                .hasMessageContaining("is also events.topic");
        config(Map.of("errors.dead.letter.queue.topic.name", "dead-letters")).requireRunnable();
        config(Map.of("errors.dead.letter.queue.topic.name", "streams-dead-letters")).requireRunnable();
    }

    /**
     * Streamcast's processing-error dead letters go where errors.dead.letter.queue.topic.name says. Empty (a template's
     * variable left unset), a name Kafka refuses, or one of Kafka's own topics, each of which Kafka Streams takes: a
     * record whose processing failed then failed its task, as the producer cannot write there (and again after every
     * restart), and into a store's changelog its dead letter would have been restored as that store's entry.
     */
    @Test
    void shouldRefuseKafkaStreamsDeadLettersInNoTopicOrInAnInternalOneNamingTheSetting() {
        for (String topic : List.of("", "  ", "dead letters", "__consumer_offsets", "app-key-state-changelog")) {
            StreamcastConfig config = config(Map.of("application.id", "app",
                    "errors.dead.letter.queue.topic.name", topic));
            assertThatCode(() -> new StreamsConfig(config.streamsProperties())).doesNotThrowAnyException();

            assertThatThrownBy(config::requireRunnable).as("'%s'", topic)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("errors.dead.letter.queue.topic.name");
        }
    }

    /** An application id Kafka could not name the application's topics after, or an empty one, names the setting. */
    @Test
    void shouldRefuseAnApplicationIdThatCannotNameTheApplicationsTopics() {
        assertThatThrownBy(config(Map.of("application.id", ""))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("application.id")
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(config(Map.of("application.id", "a b/c"))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("application.id")
                .hasMessageContaining("a b/c-trainer-progress-changelog");
        // "-trainer-progress-changelog" is 27 characters: 222 more make 249, Kafka's longest topic name
        config(Map.of("application.id", "a".repeat(222))).requireRunnable();
        assertThatThrownBy(config(Map.of("application.id", "a".repeat(223)))::requireRunnable)
                .hasMessageContaining("application.id");
    }

    /** A producer setting Streamcast reads itself, given a bad value, is named as it was given. */
    @Test
    void shouldNameAProducerSettingAsItWasGiven() {
        assertThatThrownBy(() -> config(Map.of("producer.max.request.size", "abc")).requireRunnable())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("for configuration producer.max.request.size");
        assertThatThrownBy(() -> config(Map.of("max.request.size", "abc")).requireRunnable())
                .isInstanceOf(ConfigException.class).hasMessageContaining("for configuration max.request.size");
    }

    /**
     * An empty group.instance.id, under any prefix that reaches a consumer, is refused naming it: Kafka Streams made
     * the static member ids -1, -2, ... of it, the same on every instance.
     */
    @Test
    void shouldRefuseAnEmptyStaticMemberIdNamingItAsGiven() {
        for (String key : List.of("group.instance.id", "consumer.group.instance.id",
                "main.consumer.group.instance.id")) {
            assertThatThrownBy(() -> config(Map.of(key, "")).requireRunnable())
                    .as(key).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid value  for configuration " + key + ": must not be empty");
        }
        config(Map.of("group.instance.id", "streamcast-0")).requireRunnable();
    }

    /**
     * An empty JAAS configuration or store setting is refused naming it as given: Kafka's clients failed on it as they
     * were created, after the start had begun, exit status 1, naming no setting ({@code Login module not specified in
     * JAAS config}, {@code Is a directory}, {@code KeyStore not available}).
     */
    @Test
    void shouldRefuseAnEmptyJaasConfigurationOrStoreSettingNamingItAsGiven() {
        Map<String, Map<String, String>> refused = Map.of(
                "sasl.jaas.config", Map.of(),
                "producer.sasl.jaas.config", Map.of(),
                "ssl.truststore.location", Map.of(),
                "admin.ssl.keystore.location", Map.of(),
                "ssl.truststore.type", Map.of("ssl.truststore.location", "/etc/streamcast/trust.jks"),
                "restore.consumer.ssl.keystore.type", Map.of("ssl.keystore.location", "/etc/streamcast/key.jks"));
        refused.forEach((key, beside) -> {
            Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SASL_SSL",
                    "sasl.mechanism", "PLAIN", key, " "));
            settings.putAll(beside);
            assertThatThrownBy(() -> config(settings).requireRunnable())
                    .as(key).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid value   for configuration " + key + ": must not be empty");
        });
    }

    /** So it is under security.protocol given in lower case, which Kafka's clients read in any case. */
    @Test
    void shouldRefuseAnEmptyJaasConfigurationOrStoreSettingUnderAProtocolGivenInLowerCase() {
        for (String key : List.of("sasl.jaas.config", "ssl.truststore.location")) {
            assertThatThrownBy(() -> config(Map.of("security.protocol", "sasl_ssl", "sasl.mechanism", "PLAIN",
                    key, " ")).requireRunnable())
                    .as(key).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid value   for configuration " + key + ": must not be empty:"
                            + " under SASL_SSL");
        }
    }

    /**
     * An empty store or key password under SSL, under any client prefix, is refused naming it as given: most often a
     * template's variable left unset, it failed the client as it was created ({@code Failed to load SSL keystore}).
     * The key password is read only beside a key store.
     */
    @Test
    void shouldRefuseAnEmptyStoreOrKeyPasswordUnderSslNamingItAsGiven() {
        for (String key : List.of("ssl.truststore.password", "ssl.keystore.password", "ssl.key.password",
                "producer.ssl.truststore.password", "main.consumer.ssl.keystore.password", "admin.ssl.key.password")) {
            for (String protocol : List.of("SSL", "SASL_SSL")) {
                Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", protocol,
                        "sasl.mechanism", "PLAIN", "sasl.jaas.config", "x required;",
                        "ssl.keystore.location", "/etc/streamcast/key.jks", key, ""));
                assertThatThrownBy(() -> config(settings).requireRunnable())
                        .as(key + " under " + protocol).isInstanceOf(ConfigException.class)
                        .hasMessageStartingWith("Invalid value  for configuration " + key + ": must not be empty:"
                                + " under " + protocol + " Kafka's clients would fail on it")
                        .hasMessageEndingWith("give the password, or leave the setting out if no password is meant");
            }
        }
        assertThatCode(() -> config(Map.of("security.protocol", "SSL", "ssl.key.password", "")).requireRunnable())
                .as("a key password without a key store").doesNotThrowAnyException();
        assertThatCode(() -> config(Map.of("security.protocol", "SSL", "ssl.truststore.password", "secret",
                "ssl.truststore.location", "/etc/streamcast/trust.jks")).requireRunnable())
                .as("a password given").doesNotThrowAnyException();
        for (String protocol : List.of("PLAINTEXT", "SASL_PLAINTEXT")) {
            assertThatCode(() -> config(Map.of("security.protocol", protocol, "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", "x required;", "ssl.keystore.location", "/etc/streamcast/key.jks",
                    "ssl.truststore.password", "", "ssl.keystore.password", "", "ssl.key.password", ""))
                    .requireRunnable()).as("no client reads them under " + protocol).doesNotThrowAnyException();
        }
    }

    /**
     * A PKCS12 store made with the empty password ({@code openssl pkcs12 -export -passout pass:}) opens only with it:
     * Kafka's clients refuse a key store whose password is left out ({@code SSL key store is specified, but key store
     * password is not specified}), and read a trust store without one as holding no certificate. An empty password
     * that its store, or its key, opens with is taken, and Kafka's producer is created with it; beside a store made
     * with another password it is still refused.
     */
    @Test
    void shouldTakeAnEmptyPasswordThatItsStoreOpensWith(@TempDir Path dir) {
        char[] none = new char[0];
        TestCertificates.Identity client = TestCertificates.selfSigned("client");
        Path keys = TestCertificates.write(TestCertificates.keyStore(client, none), dir.resolve("key.p12"), none);
        Path trust = TestCertificates.write(TestCertificates.trustStore(client.certificate()),
                dir.resolve("trust.p12"), none);
        Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SSL",
                "ssl.keystore.location", keys.toString(), "ssl.keystore.type", "PKCS12", "ssl.keystore.password", "",
                "ssl.key.password", "", "ssl.truststore.location", trust.toString(), "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", ""));

        assertThatCode(config(settings)::requireRunnable).doesNotThrowAnyException();
        Map<String, Object> producer = new HashMap<>(settings);
        producer.put("bootstrap.servers", "127.0.0.1:1");
        assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                .close(Duration.ZERO)).doesNotThrowAnyException();

        Path locked = TestCertificates.write(TestCertificates.trustStore(client.certificate()),
                dir.resolve("locked.p12"), "secret".toCharArray());
        settings.put("ssl.truststore.location", locked.toString());
        assertThatThrownBy(config(settings)::requireRunnable)
                .hasMessageStartingWith("Invalid value  for configuration ssl.truststore.password: must not be empty");
    }

    /**
     * Kafka's clients refuse a key store whose password is left out ({@code SSL key store is specified, but key store
     * password is not specified}), whatever its keys: an empty key password beside one is refused, though its key
     * opens with it and Java reads the JKS store without its password.
     */
    @Test
    void shouldRefuseAnEmptyKeyPasswordBesideAKeyStoreWhosePasswordIsLeftOut(@TempDir Path dir) {
        char[] none = new char[0];
        Path keys = TestCertificates.write(TestCertificates.keyStore("JKS", TestCertificates.selfSigned("client"),
                none), dir.resolve("key.jks"), "secret".toCharArray());
        Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SSL",
                "ssl.keystore.location", keys.toString(), "ssl.keystore.type", "JKS", "ssl.key.password", ""));

        assertThatThrownBy(config(settings)::requireRunnable)
                .hasMessageStartingWith("Invalid value  for configuration ssl.key.password: must not be empty");
        settings.put("bootstrap.servers", "127.0.0.1:1");
        assertThatThrownBy(() -> new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer()))
                .as("Kafka's producer fails on it")
                .hasRootCauseMessage("SSL key store is specified, but key store password is not specified.");
        settings.put("ssl.keystore.password", "secret");
        assertThatCode(config(settings)::requireRunnable).as("with its password").doesNotThrowAnyException();
    }

    /**
     * A key store holding a key that does not open with the key password (ssl.key.password, or where it is left out the
     * store's), as a store holding keys under different passwords does, is refused naming the setting as given and
     * the key: Kafka's clients failed on it as they were created ({@code Cannot recover key}) under the default
     * ssl.keymanager.algorithm, SunX509. Under PKIX Kafka's producer is created with it, and it passes.
     */
    @Test
    void shouldRefuseAKeyStoreWithAKeyThatDoesNotOpenWithTheKeyPassword(@TempDir Path dir) throws Exception {
        char[] secret = "secret".toCharArray();
        TestCertificates.Identity client = TestCertificates.selfSigned("client");
        KeyStore mixed = TestCertificates.keyStore("JKS", client, secret);
        mixed.setKeyEntry("other", client.keys().getPrivate(), "other".toCharArray(),
                new java.security.cert.Certificate[] {client.certificate()});
        Path keys = TestCertificates.write(mixed, dir.resolve("key.jks"), secret);
        for (String prefix : List.of("", "producer.", "main.consumer.", "admin.")) {
            Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SSL",
                    prefix + "ssl.keystore.location", keys.toString(), prefix + "ssl.keystore.type", "JKS",
                    prefix + "ssl.keystore.password", "secret"));
            assertThatThrownBy(config(settings)::requireRunnable)
                    .as(prefix).isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value [hidden] for configuration " + prefix + "ssl.keystore.password: under"
                            + " SSL the key other in the JKS store " + keys + " does not open with it (" + prefix
                            + "ssl.key.password is left out, so the keys' password is the store's), so Kafka's clients"
                            + " would fail as they are created, after the start has begun (Cannot recover key): under"
                            + " ssl.keymanager.algorithm=SunX509, its default, every key in the store must open with"
                            + " the one key password; give each key that password, or keep only the client's key in"
                            + " the store");
            settings.put(prefix + "ssl.key.password", "secret");
            assertThatThrownBy(config(settings)::requireRunnable)
                    .as(prefix).hasMessageStartingWith("Invalid value [hidden] for configuration " + prefix
                            + "ssl.key.password: under SSL the key other in the JKS store " + keys + " does not open"
                            + " with it, so Kafka's clients would fail");
        }
        Map<String, Object> producer = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:1",
                "security.protocol", "SSL", "ssl.keystore.location", keys.toString(), "ssl.keystore.type", "JKS",
                "ssl.keystore.password", "secret"));
        assertThatThrownBy(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer()))
                .as("Kafka's producer fails on it").hasRootCauseMessage("Cannot recover key");
        producer.put("ssl.keymanager.algorithm", "PKIX");
        assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                .close(Duration.ZERO)).as("under PKIX Kafka's producer is created").doesNotThrowAnyException();
        assertThatCode(() -> config(Map.of("security.protocol", "SSL", "ssl.keystore.location", keys.toString(),
                "ssl.keystore.type", "JKS", "ssl.keystore.password", "secret", "ssl.keymanager.algorithm", "PKIX"))
                .requireRunnable()).as("under PKIX").doesNotThrowAnyException();
        Path single = TestCertificates.write(TestCertificates.keyStore("JKS", client, secret),
                dir.resolve("single.jks"), secret);
        assertThatCode(() -> config(Map.of("security.protocol", "SSL", "ssl.keystore.location", single.toString(),
                "ssl.keystore.type", "JKS", "ssl.keystore.password", "secret")).requireRunnable())
                .as("every key opening").doesNotThrowAnyException();
    }

    /**
     * An empty key password beside a key store whose keys do not open with it is refused under the default
     * ssl.keymanager.algorithm, SunX509, which opens every key as the client is created ({@code Cannot recover key}).
     * Under PKIX Java's key manager opens a key only when it presents it: Kafka's producer is created, and connects to
     * a broker that asks for no client certificate, so it passes.
     */
    @Test
    void shouldTakeAnEmptyKeyPasswordUnderAKeyManagerOpeningKeysWhenPresented(@TempDir Path dir) {
        Path keys = TestCertificates.write(TestCertificates.keyStore("JKS", TestCertificates.selfSigned("client"),
                "secret".toCharArray()), dir.resolve("key.jks"), "secret".toCharArray());
        Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SSL",
                "ssl.keystore.location", keys.toString(), "ssl.keystore.password", "secret", "ssl.key.password", ""));
        assertThatThrownBy(config(settings)::requireRunnable)
                .hasMessageStartingWith("Invalid value  for configuration ssl.key.password: must not be empty");
        Map<String, Object> producer = new HashMap<>(settings);
        producer.put("bootstrap.servers", "127.0.0.1:1");
        assertThatThrownBy(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer()))
                .as("Kafka's producer fails on it under SunX509").hasRootCauseMessage("Cannot recover key");
        for (String algorithm : List.of("PKIX", "pkix", "NewSunX509")) {
            for (String prefix : List.of("", "producer.", "main.consumer.", "admin.")) {
                Map<String, Object> given = new HashMap<>(Map.of("security.protocol", "SSL"));
                Map.of("ssl.keystore.location", keys.toString(), "ssl.keystore.password", "secret",
                        "ssl.key.password", "", "ssl.keymanager.algorithm", algorithm)
                        .forEach((key, value) -> given.put(prefix + key, value));
                assertThatCode(config(given)::requireRunnable).as(prefix + algorithm).doesNotThrowAnyException();
            }
            producer.put("ssl.keymanager.algorithm", algorithm);
            assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                    .close(Duration.ZERO)).as("under " + algorithm).doesNotThrowAnyException();
        }
    }

    /**
     * A PEM key store's key encrypted with the empty password ({@code openssl pkcs8 -topk8 -passout pass:}) decrypts
     * with an empty ssl.key.password: given inline or in a file, it passes, and Kafka's producer is created with it. A
     * key encrypted with another password, or garbled, is still refused beside an empty one, and Kafka's producer fails
     * on it.
     */
    @Test
    void shouldTakeAnEmptyKeyPasswordThatAPemKeyDecryptsWith(@TempDir Path dir) throws Exception {
        TestCertificates.Identity client = TestCertificates.selfSigned("client");
        String chain = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(
                client.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
        String openWithEmpty = encryptedPem(client.keys().getPrivate(), new char[0]);
        String locked = encryptedPem(client.keys().getPrivate(), "secret".toCharArray());
        Path file = Files.writeString(dir.resolve("key store.pem"), openWithEmpty + chain);
        List<Map<String, Object>> stores = List.of(
                Map.of("ssl.keystore.key", openWithEmpty, "ssl.keystore.certificate.chain", chain),
                Map.of("ssl.keystore.location", file.toString()));
        for (Map<String, Object> store : stores) {
            Map<String, Object> settings = new HashMap<>(store);
            settings.putAll(Map.of("security.protocol", "SSL", "ssl.keystore.type", "PEM", "ssl.key.password", ""));
            assertThatCode(config(settings)::requireRunnable).as(store.keySet().toString())
                    .doesNotThrowAnyException();
            settings.put("bootstrap.servers", "127.0.0.1:1");
            assertThatCode(() -> new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())
                    .close(Duration.ZERO)).as("Kafka's producer is created with " + store.keySet())
                    .doesNotThrowAnyException();
        }
        String garbled = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nA=B=\n-----END ENCRYPTED PRIVATE KEY-----\n";
        for (String key : List.of(garbled, locked)) {
            assertThatThrownBy(config(Map.of("security.protocol", "SSL", "ssl.keystore.type", "PEM",
                    "ssl.keystore.key", key, "ssl.keystore.certificate.chain", chain, "ssl.key.password", ""))
                    ::requireRunnable).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid value  for configuration ssl.key.password: must not be empty");
        }
        Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SSL", "ssl.keystore.type", "PEM",
                "ssl.keystore.key", locked, "ssl.keystore.certificate.chain", chain, "ssl.key.password", ""));
        settings.put("bootstrap.servers", "127.0.0.1:1");
        assertThatThrownBy(() -> new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer()))
                .as("Kafka's producer fails on it").isInstanceOf(org.apache.kafka.common.KafkaException.class);
    }

    /** {@code key} as PKCS#8 PEM encrypted with {@code password}, as openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES writes. */
    private static String encryptedPem(java.security.PrivateKey key, char[] password) throws Exception {
        String algorithm = "PBEWithSHA1AndDESede";
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(algorithm);
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, javax.crypto.SecretKeyFactory.getInstance(algorithm)
                .generateSecret(new javax.crypto.spec.PBEKeySpec(password)),
                new javax.crypto.spec.PBEParameterSpec(new byte[8], 2048));
        byte[] encrypted = new javax.crypto.EncryptedPrivateKeyInfo(cipher.getParameters(),
                cipher.doFinal(key.getEncoded())).getEncoded();
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(encrypted)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }

    /**
     * {@code key} as PKCS#8 PEM encrypted with {@code password} under PBES2 (PBKDF2 with HMAC-SHA256, AES-256-CBC),
     * as openssl pkcs8 -topk8 writes by default. Java 17 does not name these parameters for EncryptedPrivateKeyInfo,
     * so the structure is written here: the PBES2 identifier, its parameters, the encrypted key.
     */
    private static String pbes2Pem(java.security.PrivateKey key, char[] password) throws Exception {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(algorithm);
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, javax.crypto.SecretKeyFactory.getInstance(algorithm)
                .generateSecret(new javax.crypto.spec.PBEKeySpec(password)), new javax.crypto.spec.PBEParameterSpec(
                new byte[8], 2048, new javax.crypto.spec.IvParameterSpec(new byte[16])));
        byte[] encryptedKey = cipher.doFinal(key.getEncoded());
        byte[] pbes2 = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d};
        byte[] encrypted = der(0x30, der(0x30, pbes2, cipher.getParameters().getEncoded()),
                der(0x04, encryptedKey));
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(encrypted)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }

    /** A DER element of {@code tag} holding {@code parts}, its length in the short or long form. */
    private static byte[] der(int tag, byte[]... parts) {
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        java.io.ByteArrayOutputStream element = new java.io.ByteArrayOutputStream();
        element.write(tag);
        if (length < 0x80) {
            element.write(length);
        } else {
            element.writeBytes(new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length});
        }
        element.writeBytes(content.toByteArray());
        return element.toByteArray();
    }

    /**
     * A PEM key encrypted with PBES2, as openssl pkcs8 -topk8 writes it by default, Kafka's clients decrypt with the
     * algorithm Java names for it: Java 17 names it PBES2, for which it has no SecretKeyFactory, and Kafka's producer
     * failed as it was created ({@code PBES2 SecretKeyFactory not available}). Where the running JVM cannot decrypt
     * it, such a key, in a file or given inline, is refused naming the setting as given; where it can, it passes, as
     * Kafka's producer is created with it. A key encrypted with PBE-SHA1-3DES passes, and Kafka's producer is created
     * with it. The schema registry client's PEM key store (schema.registry.ssl.keystore.type=PEM) is judged alike.
     */
    @Test
    void shouldRefuseAPemKeyEncryptedSoThatThisJvmCannotDecryptIt(@TempDir Path dir) throws Exception {
        TestCertificates.Identity client = TestCertificates.selfSigned("client");
        String chain = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(
                client.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
        String pbes2 = pbes2Pem(client.keys().getPrivate(), "secret".toCharArray());
        String pbes2Name = new javax.crypto.EncryptedPrivateKeyInfo(Base64.getMimeDecoder().decode(
                pbes2.replaceAll("-+[A-Z ]+-+", ""))).getAlgName();
        boolean decrypts;
        try {
            javax.crypto.SecretKeyFactory.getInstance(pbes2Name);
            decrypts = true;
        } catch (java.security.NoSuchAlgorithmException e) {
            decrypts = false;
        }
        String file = Files.writeString(dir.resolve("key.pem"), pbes2 + chain).toString();
        for (String prefix : List.of("", "producer.", "main.consumer.", "admin.")) {
            Map<String, Object> inFile = Map.of("security.protocol", "SSL", prefix + "ssl.keystore.type", "PEM",
                    prefix + "ssl.keystore.location", file, prefix + "ssl.key.password", "secret");
            Map<String, Object> inline = Map.of("security.protocol", "SSL", prefix + "ssl.keystore.type", "PEM",
                    prefix + "ssl.keystore.key", pbes2, prefix + "ssl.keystore.certificate.chain", chain,
                    prefix + "ssl.key.password", "secret");
            if (decrypts) {
                assertThatCode(config(inFile)::requireRunnable).as(prefix).doesNotThrowAnyException();
                assertThatCode(config(inline)::requireRunnable).as(prefix).doesNotThrowAnyException();
                continue;
            }
            String fix = ": under SSL the PEM key is encrypted with " + pbes2Name + ", which this JVM cannot decrypt ("
                    + pbes2Name + " SecretKeyFactory not available), so Kafka's clients would fail on it as they are"
                    + " created, after the start has begun: re-encrypt it with openssl pkcs8 -topk8 -v1"
                    + " PBE-SHA1-3DES, or use a PKCS12 key store";
            assertThatThrownBy(config(inFile)::requireRunnable).as(prefix).isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value " + file + " for configuration " + prefix + "ssl.keystore.location"
                            + fix);
            assertThatThrownBy(config(inline)::requireRunnable).as(prefix).isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value [hidden] for configuration " + prefix + "ssl.keystore.key" + fix);
        }
        Map<String, Object> registry = Map.of("schema.registry.url", "https://registry:8081",
                "schema.registry.ssl.keystore.type", "PEM", "schema.registry.ssl.keystore.location", file,
                "schema.registry.ssl.key.password", "secret");
        if (decrypts) {
            assertThatCode(() -> config(registry)).as("the registry client's").doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> config(registry)).as("the registry client's").isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value " + file + " for configuration schema.registry.ssl.keystore.location:"
                            + " the PEM private key is encrypted with " + pbes2Name + ", which this JVM cannot"
                            + " decrypt (" + pbes2Name + " SecretKeyFactory not available): re-encrypt it with"
                            + " openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES, or use a PKCS12 key store");
        }
        Map<String, Object> producer = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:1",
                "security.protocol", "SSL", "ssl.keystore.type", "PEM", "ssl.keystore.key", pbes2,
                "ssl.keystore.certificate.chain", chain, "ssl.key.password", "secret"));
        if (decrypts) {
            assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                    .close(Duration.ZERO)).as("Kafka's producer is created with it").doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> new KafkaProducer<>(producer, new ByteArraySerializer(),
                    new ByteArraySerializer())).as("Kafka's producer fails on it")
                    .hasRootCauseMessage(pbes2Name + " SecretKeyFactory not available");
        }
        String tripleDes = encryptedPem(client.keys().getPrivate(), "secret".toCharArray());
        producer.put("ssl.keystore.key", tripleDes);
        assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                .close(Duration.ZERO)).as("Kafka's producer is created with PBE-SHA1-3DES").doesNotThrowAnyException();
        String tripleDesFile = Files.writeString(dir.resolve("3des.pem"), tripleDes + chain).toString();
        assertThatCode(config(Map.of("security.protocol", "SSL", "ssl.keystore.type", "PEM", "ssl.keystore.location",
                tripleDesFile, "ssl.key.password", "secret"))::requireRunnable).doesNotThrowAnyException();
        assertThatCode(config(Map.of("security.protocol", "SSL", "ssl.keystore.type", "PEM", "ssl.keystore.key",
                tripleDes, "ssl.keystore.certificate.chain", chain, "ssl.key.password", "secret"))::requireRunnable)
                .doesNotThrowAnyException();
    }

    /**
     * A PEM key store whose key is encrypted, in a file or given inline, with ssl.key.password left out: Kafka's
     * clients read the key as not encrypted and failed on it as they were created, after the start had begun. It is
     * refused naming the key's setting as given and saying to give ssl.key.password; with the password given it passes
     * and Kafka's producer is created. A key that is not encrypted passes without a key password.
     */
    @Test
    void shouldRefuseAnEncryptedPemKeyWhoseKeyPasswordIsLeftOut(@TempDir Path dir) throws Exception {
        TestCertificates.Identity client = TestCertificates.selfSigned("client");
        String chain = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(
                client.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
        String locked = encryptedPem(client.keys().getPrivate(), "secret".toCharArray());
        String file = Files.writeString(dir.resolve("key.pem"), locked + chain).toString();
        String fix = ": under SSL the PEM key is encrypted and no ssl.key.password is given, so Kafka's clients would"
                + " read it as not encrypted and fail on it as they are created, after the start has begun: give"
                + " ssl.key.password";
        for (String prefix : List.of("", "producer.", "main.consumer.", "admin.")) {
            Map<String, Object> inFile = Map.of("security.protocol", "SSL", prefix + "ssl.keystore.type", "PEM",
                    prefix + "ssl.keystore.location", file);
            Map<String, Object> inline = Map.of("security.protocol", "SSL", prefix + "ssl.keystore.type", "PEM",
                    prefix + "ssl.keystore.key", locked, prefix + "ssl.keystore.certificate.chain", chain);
            assertThatThrownBy(config(inFile)::requireRunnable).as(prefix).isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value " + file + " for configuration " + prefix + "ssl.keystore.location"
                            + fix);
            assertThatThrownBy(config(inline)::requireRunnable).as(prefix).isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value [hidden] for configuration " + prefix + "ssl.keystore.key" + fix);
        }
        for (Map<String, Object> store : List.of(Map.<String, Object>of("ssl.keystore.location", file),
                Map.<String, Object>of("ssl.keystore.key", locked, "ssl.keystore.certificate.chain", chain))) {
            Map<String, Object> producer = new HashMap<>(store);
            producer.putAll(Map.of("bootstrap.servers", "127.0.0.1:1", "security.protocol", "SSL",
                    "ssl.keystore.type", "PEM"));
            assertThatThrownBy(() -> new KafkaProducer<>(producer, new ByteArraySerializer(),
                    new ByteArraySerializer())).as("Kafka's producer fails on " + store.keySet())
                    .isInstanceOf(org.apache.kafka.common.KafkaException.class);
            producer.put("ssl.key.password", "secret");
            assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                    .close(Duration.ZERO)).as("with its password " + store.keySet()).doesNotThrowAnyException();
            Map<String, Object> settings = new HashMap<>(store);
            settings.putAll(Map.of("security.protocol", "SSL", "ssl.keystore.type", "PEM", "ssl.key.password",
                    "secret"));
            assertThatCode(config(settings)::requireRunnable).as("with its password " + store.keySet())
                    .doesNotThrowAnyException();
        }
        String plain = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                client.keys().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Map<String, Object> unencrypted = Map.of("security.protocol", "SSL", "ssl.keystore.type", "PEM",
                "ssl.keystore.key", plain, "ssl.keystore.certificate.chain", chain);
        assertThatCode(config(unencrypted)::requireRunnable).doesNotThrowAnyException();
        Map<String, Object> producer = new HashMap<>(unencrypted);
        producer.put("bootstrap.servers", "127.0.0.1:1");
        assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                .close(Duration.ZERO)).as("a key not encrypted").doesNotThrowAnyException();
    }

    /**
     * Kafka's clients read a PEM store only under the type PEM in capitals: a trust or key store, in a file or given
     * inline, under ssl.truststore.type or ssl.keystore.type pem (or Pem) is refused naming the type setting as given,
     * where Kafka's producer failed as it was created ({@code pem KeyStore not available}, or for one given inline
     * {@code can be specified only for PEM}). Under PEM each passes and Kafka's producer is created; so is it with the
     * type in lower case where no store is given, and that passes too.
     */
    @Test
    void shouldRefuseAPemStoreTypeNotInCapitals(@TempDir Path dir) throws Exception {
        TestCertificates.Identity client = TestCertificates.selfSigned("client");
        String chain = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(
                client.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
        String key = encryptedPem(client.keys().getPrivate(), "secret".toCharArray());
        String trustFile = Files.writeString(dir.resolve("ca.pem"), chain).toString();
        String keyFile = Files.writeString(dir.resolve("key.pem"), key + chain).toString();
        List<Map<String, String>> stores = List.of(
                Map.of("ssl.truststore.location", trustFile),
                Map.of("ssl.truststore.certificates", chain),
                Map.of("ssl.keystore.location", keyFile, "ssl.key.password", "secret"),
                Map.of("ssl.keystore.key", key, "ssl.keystore.certificate.chain", chain, "ssl.key.password", "secret"));
        for (Map<String, String> store : stores) {
            String type = store.keySet().stream().anyMatch(name -> name.startsWith("ssl.truststore."))
                    ? "ssl.truststore.type" : "ssl.keystore.type";
            for (String given : List.of("pem", "Pem")) {
                for (String prefix : List.of("", "producer.", "main.consumer.", "admin.")) {
                    Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SSL",
                            prefix + type, given));
                    store.forEach((name, value) -> settings.put(prefix + name, value));
                    assertThatThrownBy(config(settings)::requireRunnable).as(prefix + given + " " + store.keySet())
                            .isInstanceOf(ConfigException.class)
                            .hasMessage("Invalid value " + given + " for configuration " + prefix + type + ": under"
                                    + " SSL Kafka's clients read a PEM store only under the type PEM, in capitals,"
                                    + " and would fail on this one as they are created, after the start has begun:"
                                    + " give PEM");
                }
            }
            Map<String, Object> producer = new HashMap<>(store);
            producer.putAll(Map.of("bootstrap.servers", "127.0.0.1:1", "security.protocol", "SSL", type, "pem"));
            assertThatThrownBy(() -> new KafkaProducer<>(producer, new ByteArraySerializer(),
                    new ByteArraySerializer())).as("Kafka's producer fails on " + store.keySet())
                    .isInstanceOf(org.apache.kafka.common.KafkaException.class);
            producer.put(type, "PEM");
            assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                    .close(Duration.ZERO)).as("under PEM with " + store.keySet()).doesNotThrowAnyException();
            Map<String, Object> capitals = new HashMap<>(store);
            capitals.putAll(Map.of("security.protocol", "SSL", type, "PEM"));
            assertThatCode(config(capitals)::requireRunnable).as("under PEM " + store.keySet())
                    .doesNotThrowAnyException();
        }
        Map<String, Object> producer = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:1",
                "security.protocol", "SSL", "ssl.truststore.type", "pem", "ssl.keystore.type", "pem"));
        assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                .close(Duration.ZERO)).as("no store given").doesNotThrowAnyException();
        assertThatCode(config(Map.of("security.protocol", "SSL", "ssl.truststore.type", "pem", "ssl.keystore.type",
                "pem"))::requireRunnable).as("no store given").doesNotThrowAnyException();
        assertThatThrownBy(() -> new KafkaProducer<>(Map.of("bootstrap.servers", "127.0.0.1:1",
                "security.protocol", "SSL", "ssl.truststore.type", "pem", "ssl.truststore.location", trustFile),
                new ByteArraySerializer(), new ByteArraySerializer()))
                .hasRootCauseMessage("pem KeyStore not available");
    }

    /**
     * With ssl.engine.factory.class naming an engine of its own, Kafka's clients hand the ssl settings to it and open
     * no store themselves: store settings Kafka's own engine fails on, or trusts nothing with, pass (a key that does
     * not open with the key password, an empty key password, a trust store without a trusted certificate, a PEM trust
     * store without a certificate, an empty store location), and Kafka's producer is created with each. Without it,
     * or naming Kafka's own engine, each is refused.
     */
    @Test
    void shouldLeaveTheStoresToAnSslEngineFactoryOfItsOwn(@TempDir Path dir) throws Exception {
        char[] secret = "secret".toCharArray();
        TestCertificates.Identity client = TestCertificates.selfSigned("client");
        KeyStore mixed = TestCertificates.keyStore("JKS", client, secret);
        mixed.setKeyEntry("other", client.keys().getPrivate(), "other".toCharArray(),
                new java.security.cert.Certificate[] {client.certificate()});
        String keys = TestCertificates.write(mixed, dir.resolve("key.jks"), secret).toString();
        String untrusting = TestCertificates.writeAsOpenSsl(client.certificate(), dir.resolve("trust.p12"), secret)
                .toString();
        List<Map<String, String>> stores = List.of(
                Map.of("ssl.keystore.location", keys, "ssl.keystore.password", "secret"),
                Map.of("ssl.keystore.location", keys, "ssl.keystore.password", "secret", "ssl.key.password", ""),
                Map.of("ssl.truststore.location", untrusting, "ssl.truststore.type", "PKCS12",
                        "ssl.truststore.password", "secret"),
                Map.of("ssl.truststore.type", "PEM", "ssl.truststore.certificates", "none"),
                Map.of("ssl.truststore.location", " "));
        for (Map<String, String> store : stores) {
            for (String prefix : List.of("", "producer.", "main.consumer.", "admin.")) {
                Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SSL"));
                store.forEach((key, value) -> settings.put(prefix + key, value));
                assertThatThrownBy(config(settings)::requireRunnable).as(prefix + store)
                        .isInstanceOf(ConfigException.class);
                settings.put(prefix + "ssl.engine.factory.class", DefaultSslEngineFactory.class.getName());
                assertThatThrownBy(config(settings)::requireRunnable).as("Kafka's own engine, named: " + prefix
                        + store).isInstanceOf(ConfigException.class);
                settings.put(prefix + "ssl.engine.factory.class", JdkSslEngineFactory.class.getName());
                assertThatCode(config(settings)::requireRunnable).as(prefix + store).doesNotThrowAnyException();
            }
            Map<String, Object> producer = new HashMap<>(store);
            producer.putAll(Map.of("bootstrap.servers", "127.0.0.1:1", "security.protocol", "SSL",
                    "ssl.engine.factory.class", JdkSslEngineFactory.class.getName()));
            assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                    .close(Duration.ZERO)).as("Kafka's producer is created with " + store).doesNotThrowAnyException();
        }
    }

    /**
     * A trust store that opens but trusts nothing, as {@code openssl pkcs12 -export -nokeys} makes one (Java takes a
     * certificate in it as trusted only with its own attribute, which openssl does not write), is refused under SSL
     * or SASL_SSL, under any client prefix, naming the setting as given and the store, and saying how to mend it:
     * Kafka's clients are created with it and failed every handshake with a broker after the start. So is the registry
     * client's, as the settings are read.
     */
    @Test
    void shouldRefuseATrustStoreThatTrustsNothingNamingItAsGiven(@TempDir Path dir) {
        Path trust = TestCertificates.writeAsOpenSsl(TestCertificates.selfSigned("ca").certificate(),
                dir.resolve("trust.p12"), "secret".toCharArray());
        for (String prefix : List.of("", "producer.", "consumer.", "main.consumer.", "admin.")) {
            for (String protocol : List.of("SSL", "SASL_SSL")) {
                Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", protocol,
                        "sasl.mechanism", "PLAIN", "sasl.jaas.config", "x required;",
                        prefix + "ssl.truststore.location", trust.toString(), prefix + "ssl.truststore.type", "PKCS12",
                        prefix + "ssl.truststore.password", "secret"));
                assertThatThrownBy(() -> config(settings).requireRunnable())
                        .as(prefix + " under " + protocol).isInstanceOf(ConfigException.class)
                        .hasMessageStartingWith("Invalid value " + trust + " for configuration " + prefix
                                + "ssl.truststore.location: under " + protocol + " the PKCS12 store holds no"
                                + " certificate Java trusts, so every TLS handshake would fail after the start")
                        .hasMessageEndingWith("openssl pkcs12 -export does not write: import the CA's certificate"
                                + " into it with keytool -importcert -trustcacerts -alias ca -file ca.pem -keystore "
                                + trust);
            }
        }
        Map<String, Object> producer = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:1",
                "security.protocol", "SSL", "ssl.truststore.location", trust.toString(), "ssl.truststore.type",
                "PKCS12", "ssl.truststore.password", "secret"));
        assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                .close(Duration.ZERO)).as("Kafka's producer is created with it").doesNotThrowAnyException();
        assertThatThrownBy(() -> config(Map.of("schema.registry.url", "https://registry:8081",
                "schema.registry.ssl.truststore.location", trust.toString(), "schema.registry.ssl.truststore.type",
                "PKCS12", "schema.registry.ssl.truststore.password", "secret")))
                .as("the registry client's").isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value " + trust + " for configuration"
                        + " schema.registry.ssl.truststore.location: the PKCS12 store holds no certificate Java"
                        + " trusts");
    }

    /**
     * A PKCS12 trust store whose password is left out is opened without one, with which Java reads none of its
     * encrypted certificates: Kafka's clients trusted nothing. It is refused naming the password setting as given.
     */
    @Test
    void shouldRefuseAPkcs12TrustStoreWhosePasswordIsLeftOut(@TempDir Path dir) {
        Path trust = TestCertificates.write(TestCertificates.trustStore(TestCertificates.selfSigned("ca")
                .certificate()), dir.resolve("trust.p12"), "secret".toCharArray());

        assertThatThrownBy(() -> config(Map.of("security.protocol", "SSL", "producer.ssl.truststore.location",
                trust.toString(), "producer.ssl.truststore.type", "PKCS12")).requireRunnable())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value " + trust + " for configuration"
                        + " producer.ssl.truststore.location: under SSL the PKCS12 store holds no certificate Java"
                        + " trusts")
                .hasMessageContaining("opened without a password (producer.ssl.truststore.password is left out), a"
                        + " PKCS12 store shows none of its encrypted certificates: give its password;");
    }

    /**
     * A JKS trust store opened without its password shows its certificates all the same (Java skips the integrity
     * check): one whose password is left out and that holds none is refused saying it holds no certificate, not asking
     * for the password, which would change nothing; so is the registry client's. One that holds a certificate passes
     * without its password, and Kafka's producer is created with it. A PKCS12 store read as JKS, Kafka's default type
     * (Java reads either format as either type), is still asked for its password.
     */
    @Test
    void shouldRefuseAnEmptyJksTrustStoreWhosePasswordIsLeftOutForHoldingNoCertificate(@TempDir Path dir)
            throws Exception {
        KeyStore emptyStore = KeyStore.getInstance("JKS");
        emptyStore.load(null, null);
        Path empty = TestCertificates.write(emptyStore, dir.resolve("empty.jks"), "secret".toCharArray());
        String holdsNone = "the JKS store holds no certificate Java trusts, so every TLS handshake would fail after"
                + " the start (the trustAnchors parameter must be non-empty): import the CA's certificate into it"
                + " with keytool -importcert -trustcacerts -alias ca -file ca.pem -keystore " + empty;

        assertThatThrownBy(() -> config(Map.of("security.protocol", "SSL", "producer.ssl.truststore.location",
                empty.toString(), "producer.ssl.truststore.type", "JKS")).requireRunnable())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + empty + " for configuration producer.ssl.truststore.location: under SSL "
                        + holdsNone);
        assertThatThrownBy(() -> config(Map.of("schema.registry.url", "https://registry:8081",
                "schema.registry.ssl.truststore.location", empty.toString(), "schema.registry.ssl.truststore.type",
                "JKS")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + empty + " for configuration schema.registry.ssl.truststore.location: "
                        + holdsNone);

        KeyStore trustingStore = KeyStore.getInstance("JKS");
        trustingStore.load(null, null);
        trustingStore.setCertificateEntry("ca", TestCertificates.selfSigned("ca").certificate());
        Path trusting = TestCertificates.write(trustingStore, dir.resolve("trust.jks"), "secret".toCharArray());
        Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", "SSL", "ssl.truststore.location",
                trusting.toString(), "ssl.truststore.type", "JKS"));
        assertThatCode(config(settings)::requireRunnable).doesNotThrowAnyException();
        settings.put("bootstrap.servers", "127.0.0.1:1");
        assertThatCode(() -> new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())
                .close(Duration.ZERO)).as("Kafka's producer is created with it").doesNotThrowAnyException();

        Path pkcs12 = TestCertificates.write(TestCertificates.trustStore(TestCertificates.selfSigned("ca")
                .certificate()), dir.resolve("trust.p12"), "secret".toCharArray());
        assertThatThrownBy(() -> config(Map.of("security.protocol", "SSL", "ssl.truststore.location",
                pkcs12.toString())).requireRunnable())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value " + pkcs12 + " for configuration ssl.truststore.location:"
                        + " under SSL the JKS store holds no certificate Java trusts")
                .hasMessageContaining("opened without a password (ssl.truststore.password is left out), a PKCS12"
                        + " store shows none of its encrypted certificates: give its password;");
    }

    /**
     * Kafka's clients take security.protocol in any case ({@code ssl} is SSL), and used the trust store under it: a
     * store that trusts nothing is refused so too, under the protocol as Kafka reads it.
     */
    @Test
    void shouldRefuseATrustStoreThatTrustsNothingUnderAProtocolGivenInLowerCase(@TempDir Path dir) {
        Path trust = TestCertificates.writeAsOpenSsl(TestCertificates.selfSigned("ca").certificate(),
                dir.resolve("trust.p12"), "secret".toCharArray());
        for (String protocol : List.of("ssl", "sasl_ssl")) {
            assertThatThrownBy(() -> config(Map.of("producer.security.protocol", protocol, "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", "x required;", "ssl.truststore.location", trust.toString(),
                    "ssl.truststore.type", "PKCS12", "ssl.truststore.password", "secret")).requireRunnable())
                    .as(protocol).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid value " + trust + " for configuration ssl.truststore.location:"
                            + " under " + protocol.toUpperCase(Locale.ROOT) + " the PKCS12 store holds no"
                            + " certificate Java trusts");
        }
    }

    /**
     * A trust store that holds a certificate passes: one Java's KeyStore API or keytool made, given its password, or
     * a key store (Java trusts its key's certificate too); so do one that trusts nothing where no client reads it, and
     * PEM trust stores holding a certificate, from a file or given inline: Kafka's clients take each certificate of
     * one as trusted.
     */
    @Test
    void shouldAcceptATrustStoreThatHoldsACertificateOrThatNoClientReads(@TempDir Path dir) throws Exception {
        char[] password = "secret".toCharArray();
        TestCertificates.Identity ca = TestCertificates.selfSigned("ca");
        Path trusting = TestCertificates.write(TestCertificates.trustStore(ca.certificate()),
                dir.resolve("trust.p12"), password);
        Path keys = TestCertificates.write(TestCertificates.keyStore(ca, password), dir.resolve("key.p12"), password);
        for (Path store : List.of(trusting, keys)) {
            for (String prefix : List.of("", "producer.", "main.consumer.")) {
                assertThatCode(() -> config(Map.of("security.protocol", "SSL", prefix + "ssl.truststore.location",
                        store.toString(), prefix + "ssl.truststore.type", "PKCS12", prefix + "ssl.truststore.password",
                        "secret")).requireRunnable()).as(prefix + store).doesNotThrowAnyException();
            }
        }
        Path untrusting = TestCertificates.writeAsOpenSsl(ca.certificate(), dir.resolve("openssl.p12"), password);
        for (String protocol : List.of("PLAINTEXT", "SASL_PLAINTEXT")) {
            assertThatCode(() -> config(Map.of("security.protocol", protocol, "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", "x required;", "ssl.truststore.location", untrusting.toString(),
                    "ssl.truststore.type", "PKCS12", "ssl.truststore.password", "secret")).requireRunnable())
                    .as(protocol).doesNotThrowAnyException();
        }
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(
                ca.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
        Path pemFile = Files.writeString(dir.resolve("ca.pem"), pem);
        assertThatCode(() -> config(Map.of("security.protocol", "SSL", "ssl.truststore.type", "PEM",
                "ssl.truststore.location", pemFile.toString())).requireRunnable()).doesNotThrowAnyException();
        assertThatCode(() -> config(Map.of("security.protocol", "SSL", "ssl.truststore.type", "PEM",
                "ssl.truststore.certificates", pem)).requireRunnable()).doesNotThrowAnyException();
    }

    /**
     * A PEM trust store without a certificate, in a file or given inline (an empty file, a key's PEM, a PKCS12 store
     * named PEM), is refused under SSL or SASL_SSL naming the setting as given: Kafka's clients failed on it as they
     * were created ({@code No matching CERTIFICATE entries in PEM file}), after the start had begun. One whose
     * certificate follows other text, as {@code openssl pkcs12 -nokeys} writes it, passes, and Kafka's producer is
     * created with it.
     */
    @Test
    void shouldRefuseAPemTrustStoreWithoutACertificate(@TempDir Path dir) throws Exception {
        TestCertificates.Identity ca = TestCertificates.selfSigned("ca");
        String key = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                ca.keys().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path keyFile = Files.writeString(dir.resolve("key.pem"), key);
        Path pkcs12 = TestCertificates.write(TestCertificates.trustStore(ca.certificate()), dir.resolve("trust.p12"),
                "secret".toCharArray());
        for (Path file : List.of(empty, keyFile, pkcs12)) {
            for (String prefix : List.of("", "producer.", "main.consumer.", "admin.")) {
                for (String protocol : List.of("SSL", "sasl_ssl")) {
                    Map<String, Object> settings = Map.of("security.protocol", protocol, "sasl.mechanism", "PLAIN",
                            "sasl.jaas.config", "x required;", prefix + "ssl.truststore.type", "PEM",
                            prefix + "ssl.truststore.location", file.toString());
                    assertThatThrownBy(() -> config(settings).requireRunnable())
                            .as(file + " " + prefix + " under " + protocol).isInstanceOf(ConfigException.class)
                            .hasMessage("Invalid value " + file + " for configuration " + prefix
                                    + "ssl.truststore.location: under " + protocol.toUpperCase(Locale.ROOT) + " the"
                                    + " PEM store holds no certificate, so Kafka's clients would fail on it as they"
                                    + " are created, after the start has begun (No matching CERTIFICATE entries in"
                                    + " PEM file): give the CA's certificate in it, as PEM text from -----BEGIN"
                                    + " CERTIFICATE----- to -----END CERTIFICATE-----");
                }
            }
        }
        for (String inline : List.of("", key)) {
            assertThatThrownBy(() -> config(Map.of("security.protocol", "SSL", "producer.ssl.truststore.type", "PEM",
                    "producer.ssl.truststore.certificates", inline)).requireRunnable())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid value [hidden] for configuration"
                            + " producer.ssl.truststore.certificates: under SSL the PEM store holds no certificate");
        }
        Map<String, Object> producer = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:1",
                "security.protocol", "SSL", "ssl.truststore.type", "PEM",
                "ssl.truststore.location", keyFile.toString()));
        assertThatThrownBy(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer()))
                .as("Kafka's producer fails on it").hasRootCauseMessage("No matching CERTIFICATE entries in PEM file");

        String pem = "Bag Attributes\n    friendlyName: ca\nsubject=CN=ca\n\n-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(ca.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Path afterText = Files.writeString(dir.resolve("ca.pem"), pem);
        assertThatCode(() -> config(Map.of("security.protocol", "SSL", "ssl.truststore.type", "PEM",
                "ssl.truststore.location", afterText.toString())).requireRunnable()).doesNotThrowAnyException();
        producer.put("ssl.truststore.location", afterText.toString());
        assertThatCode(() -> new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())
                .close(Duration.ZERO)).as("Kafka's producer is created with it").doesNotThrowAnyException();
        for (String protocol : List.of("PLAINTEXT", "SASL_PLAINTEXT")) {
            assertThatCode(() -> config(Map.of("security.protocol", protocol, "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", "x required;", "ssl.truststore.type", "PEM", "ssl.truststore.location",
                    empty.toString())).requireRunnable()).as(protocol).doesNotThrowAnyException();
        }
    }

    /**
     * Empty values a client does not read pass, as templates render unused fields: SSL stores under PLAINTEXT or
     * SASL_PLAINTEXT, the JAAS configuration under PLAINTEXT or SSL, a store type without its store.
     */
    @Test
    void shouldAcceptAnEmptySecuritySettingThatNoClientReads() {
        Map<String, Object> empty = Map.of("sasl.jaas.config", "", "ssl.truststore.location", "",
                "ssl.keystore.location", "", "ssl.truststore.type", "", "ssl.keystore.type", "");
        for (String protocol : List.of("PLAINTEXT", "SASL_PLAINTEXT", "SSL")) {
            Map<String, Object> settings = new HashMap<>(Map.of("security.protocol", protocol,
                    "sasl.mechanism", "PLAIN", "sasl.jaas.config", "x required;"));
            if (protocol.equals("SASL_PLAINTEXT")) {
                settings.putAll(Map.of("ssl.truststore.location", "", "ssl.keystore.location", "",
                        "ssl.truststore.type", "", "ssl.keystore.type", ""));
            } else if (protocol.equals("SSL")) {
                settings.putAll(Map.of("sasl.jaas.config", "", "ssl.truststore.type", "", "ssl.keystore.type", ""));
            } else {
                settings.putAll(empty);
            }
            assertThatCode(() -> config(settings).requireRunnable()).as(protocol).doesNotThrowAnyException();
        }
    }

    /** A state.dir that is empty, or that cannot be created, is refused naming it before anything connects. */
    @Test
    void shouldRefuseAStateDirectoryThatCannotBeCreated(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        assertThatThrownBy(config(Map.of("state.dir", " "))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.dir")
                .hasMessageContaining("must name a directory");
        java.nio.file.Path file = java.nio.file.Files.createFile(dir.resolve("a-file"));
        assertThatThrownBy(config(Map.of("state.dir", file.resolve("state").toString()))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.dir")
                .hasMessageContaining("cannot be created");
        config(Map.of("state.dir", dir.resolve("new/state").toString())).requireRunnable();
        assertThat(dir.resolve("new/state")).isDirectory();
    }

    /** An address of bootstrap.servers without a port is refused naming the setting, before anything connects. */
    @Test
    void shouldRefuseABootstrapAddressThatIsNoHostAndPort() {
        for (String servers : List.of("localhost", "notahost:abc", "broker:9092,localhost")) {
            assertThatThrownBy(config(Map.of("bootstrap.servers", servers))::requireRunnable)
                    .as(servers).isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers")
                    .hasMessageContaining("is no host:port address");
        }
        config(Map.of("bootstrap.servers", "broker-1:9092, broker-2:9093,[::1]:9094")).requireRunnable();
        // given in code as a list, as Kafka takes it
        config(Map.of("bootstrap.servers", List.of("broker-1:9092", "broker-2:9093"))).requireRunnable();
    }

    /**
     * A topic.* value Kafka would refuse for a topic is refused at once, naming the setting: Kafka Streams would pass
     * it to the first internal topic it creates, and stop the started instance, after every restart.
     */
    @Test
    void shouldRefuseATopicSettingValueKafkaWouldRefuse() {
        assertThatThrownBy(() -> config(Map.of("topic.max.message.bytes", "abc")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topic.max.message.bytes")
                .hasMessageContaining("Not a number");
        assertThatThrownBy(() -> config(Map.of("topic.cleanup.policy", "bogus")))
                .hasMessageContaining("topic.cleanup.policy");
        assertThatThrownBy(() -> config(Map.of("topic.min.insync.replicas", "0")))
                .hasMessageContaining("topic.min.insync.replicas");
        assertThat(config(Map.of("topic.max.message.bytes", "4000000", "topic.cleanup.policy", "compact,delete"))
                .streamsProperties()).containsEntry("topic.max.message.bytes", "4000000");
    }

    /**
     * A name Kafka refuses for a topic (a space, a slash or a colon in it, over 249 characters, "." or "..") would
     * otherwise be refused by the broker when run creates the topics, naming the topic but not the setting.
     */
    @Test
    void shouldRefuseATopicNameKafkaWouldRefuseNamingTheSetting() {
        List<String> topicSettings = StreamcastConfig.definition().names().stream()
                .filter(name -> name.endsWith(".topic")).toList();
        assertThat(topicSettings).hasSize(7);

        for (String setting : topicSettings) {
            for (String illegal : List.of("my events", "events/v1", "events:v1", "évènements", ".", "..",
                    "e".repeat(250))) {
                assertThatThrownBy(() -> config(Map.of(setting, illegal))).as("%s = %s", setting, illegal)
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining(setting)
                        .hasMessageContaining("is no topic name Kafka takes");
            }
            String legal = "Team_A.events-v1" + "e".repeat(233);
            assertThat(legal).hasSize(249);
            assertThat(config(Map.of(setting, legal)).getString(setting)).isEqualTo(legal);
            assertThat(config(Map.of(setting, " spaced-out ")).getString(setting)).isEqualTo("spaced-out");
        }
    }

    /**
     * The HTTP endpoints bind once the topics are set up, and an address that does not resolve stopped the start there
     * with "Cannot listen for HTTP on 0.0.0.0:8080:8080: Unresolved address", naming no setting.
     */
    @Test
    void shouldRefuseABindAddressThatDoesNotResolveNamingTheSetting() {
        for (String address : List.of("0.0.0.0:8080", "localhost:8080", "http://0.0.0.0", "no-such-host.invalid")) {
            assertThatThrownBy(config(Map.of(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, address))::requireRunnable)
                    .as(address)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("http.bind.address")
                    .hasMessageContaining("the port goes in http.port");
        }
        for (String address : List.of("0.0.0.0", "127.0.0.1", "::", "::1", "localhost")) {
            assertThatCode(config(Map.of(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, address))::requireRunnable)
                    .as(address).doesNotThrowAnyException();
        }
    }

    /**
     * An address that resolves to another machine's (here from TEST-NET-1 and its IPv6 counterpart, documentation
     * ranges no interface has) stopped the start after the topics were set up with "Cannot listen for HTTP on
     * 192.0.2.1:8080: Cannot assign requested address", naming no setting.
     */
    @Test
    void shouldRefuseABindAddressOfAnotherMachineNamingTheSetting() {
        for (String address : List.of("192.0.2.1", "2001:db8::1")) {
            assertThatThrownBy(config(Map.of(StreamcastConfig.HTTP_BIND_ADDRESS_CONFIG, address))::requireRunnable)
                    .as(address)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("http.bind.address")
                    .hasMessageContaining("not an address of this machine's network interfaces");
        }
    }

    /**
     * The trainer keeps its training set in memory, and a window of 64 events holds at least their 64 values of 4
     * bytes: 4,000,000 windows take at least 1.02 GB, over half a 1 GiB heap, while the default 4,096 windows of at
     * most a few KB each take a few MB.
     */
    @Test
    void shouldRefuseATrainingSetThatWouldTakeMoreThanHalfTheHeap() {
        long heap = 1L << 30;
        StreamcastConfig large = config(Map.of(StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG, 4_000_000));

        assertThatThrownBy(() -> MemoryBudgetCheck.requireTrainingSetWithinHeap(large, heap))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.set.capacity")
                .hasMessageContaining("history.length = 64 and value.dimension = 1")
                .hasMessageContaining("more than half the heap of 1024 MiB");
        assertThatThrownBy(config(Map.of(StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG, Integer.MAX_VALUE))
                ::requireRunnable).hasMessageContaining("training.set.capacity");

        MemoryBudgetCheck.requireTrainingSetWithinHeap(config(Map.of()), heap);
        MemoryBudgetCheck.requireTrainingSetWithinHeap(config(Map.of(StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG,
                4_000_000, StreamcastConfig.TRAINING_ENABLED_CONFIG, false)), heap);
    }

    /**
     * The offline evaluations replay several streams at once, each with its own trainer and training set: 100,000
     * windows of the default size are within half a heap that holds 3 of them, and 2 sets at once are not.
     */
    @Test
    void shouldRefuseTrainingSetsThatTogetherWouldTakeMoreThanHalfTheHeap() {
        StreamcastConfig config = config(Map.of(StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG, 100_000));
        long heap = 3 * 100_000L * LargestRecords.trainingWindow(config.predictorSettings());

        assertThatCode(() -> MemoryBudgetCheck.requireTrainingSetsWithinHeap(config, 1, heap))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> MemoryBudgetCheck.requireTrainingSetsWithinHeap(config, 2, heap))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.set.capacity")
                .hasMessageContaining("2 training sets, which 2 trainers at once keep in memory");
    }

    /**
     * Each within half the heap on its own, the console's rings (6,000 keys of 300 points, 45 bytes a point: 81,000,000
     * bytes) and a training set of about 70,000,000 bytes take more than half a heap of 200 MiB (104,857,600 bytes)
     * together, and would fill it.
     */
    @Test
    void shouldRefuseAConsoleAndATrainingSetThatTogetherWouldTakeMoreThanHalfTheHeap() {
        long heap = 200L << 20;
        int windows = 70_000_000 / LargestRecords.trainingWindow(config(Map.of()).predictorSettings());
        StreamcastConfig both = config(Map.of(StreamcastConfig.CONSOLE_KEYS_CONFIG, 6_000,
                StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG, windows));
        MemoryBudgetCheck.requireConsoleWithinHeap(both, heap);
        MemoryBudgetCheck.requireTrainingSetWithinHeap(both, heap);

        assertThatThrownBy(() -> MemoryBudgetCheck.requireConsoleAndTrainingSetWithinHeap(both, heap))
                .isInstanceOf(ConfigException.class).hasMessageContaining("training.set.capacity")
                .hasMessageContaining("up to 77 MiB").hasMessageContaining("more than half the heap of 200 MiB");
        MemoryBudgetCheck.requireConsoleAndTrainingSetWithinHeap(config(Map.of(StreamcastConfig.CONSOLE_KEYS_CONFIG,
                6_000, StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG, windows, StreamcastConfig.TRAINING_ENABLED_CONFIG,
                false)), heap);
        MemoryBudgetCheck.requireConsoleAndTrainingSetWithinHeap(config(Map.of()), heap);
    }

    /** A RocksDB budget above the machine's memory bounds nothing: refused, unless another setter ignores it. */
    @Test
    void shouldRefuseARocksDbBudgetAboveTheMachinesMemory() {
        long machine = 8L << 30;
        StreamcastConfig extraZeros = config(Map.of(StreamcastConfig.ROCKSDB_MEMORY_BYTES_CONFIG, "26843545600"));

        assertThatThrownBy(() -> MemoryBudgetCheck.requireRocksDbWithinMemory(extraZeros, machine))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rocksdb.memory.bytes")
                .hasMessageContaining("more than the 8192 MiB of memory this machine has");
        assertThatThrownBy(config(Map.of(StreamcastConfig.ROCKSDB_MEMORY_BYTES_CONFIG, Long.MAX_VALUE))
                ::requireRunnable).hasMessageContaining("rocksdb.memory.bytes");

        MemoryBudgetCheck.requireRocksDbWithinMemory(config(Map.of()), machine);
        MemoryBudgetCheck.requireRocksDbWithinMemory(config(Map.of(StreamcastConfig.ROCKSDB_MEMORY_BYTES_CONFIG,
                machine)), machine);
        MemoryBudgetCheck.requireRocksDbWithinMemory(config(Map.of(StreamcastConfig.ROCKSDB_MEMORY_BYTES_CONFIG,
                "26843545600", "rocksdb.config.setter", "com.example.OwnSetter")), machine);
    }

    /**
     * run creates the events, predictions, anomalies and dead-letter topics of topics.partitions each, and the three
     * single-partition ones, in one request, and a KRaft controller refuses a request for more than 10,000 partitions
     * ("Excessively large number of partitions per request", naming no setting): 4 x 3,000 were refused by the test
     * broker, 4 x 2,000 + 3 created.
     */
    @Test
    void shouldRefuseMorePartitionsThanOneCreateRequestMayHold() {
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.TOPICS_PARTITIONS_CONFIG, "2001")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.partitions")
                .hasMessageContaining("no more than 2000");
        assertThat(config(Map.of(StreamcastConfig.TOPICS_PARTITIONS_CONFIG, "2000"))
                .getInt(StreamcastConfig.TOPICS_PARTITIONS_CONFIG)).isEqualTo(2000);
    }

    /** Settings under which the trainer could never train are refused at start-up, naming the setting. */
    @Test
    void shouldRefuseATrainerThatCouldNeverTrain() {
        assertThatThrownBy(config(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 17))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("training.burn.in")
                .hasMessageContaining("history.length - 1 = 16");
        assertThatThrownBy(config(Map.of(StreamcastConfig.TRAINING_MIN_SAMPLES_CONFIG, 5000))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("training.min.samples")
                .hasMessageContaining("training.set.capacity = 4096");

        assertThatThrownBy(config(Map.of(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, 0))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("training.sample.every")
                .hasMessageContaining("training.enabled=false");

        config(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 18)).requireRunnable();
        config(Map.of(StreamcastConfig.TRAINING_SAMPLE_EVERY_CONFIG, 0, StreamcastConfig.TRAINING_ENABLED_CONFIG,
                false)).requireRunnable();
        config(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 17, StreamcastConfig.TRAINING_ENABLED_CONFIG, false))
                .requireRunnable();
    }

    /**
     * The model learns its forecast of step k only from a window's steps after the burn-in that have an event k steps
     * later in the window: with history.length 40 and the default burn-in of 16, steps 24 and beyond never had a
     * target, and models were published whose forecasts there were their initial weights' (on a sine of period 50,
     * 30 steps ahead, the model's own forecasts had a MASE of 0.9770, against 0.0617 with history.length 64).
     */
    @Test
    void shouldRefuseAHorizonThatTheWindowsLeftAfterTheBurnInCannotTeach() {
        // 24 - 16 = 8: step 8 has no target after the burn-in in a window of 24 rows
        assertThatThrownBy(config(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 24,
                StreamcastConfig.FORECAST_HORIZON_CONFIG, 8))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("forecast.horizon")
                .hasMessageContaining("history.length - training.burn.in = 24 - 16 = 8");
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 24,
                StreamcastConfig.FORECAST_HORIZON_CONFIG, 8)).requireEvaluable(1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("forecast.horizon");

        config(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 24, StreamcastConfig.FORECAST_HORIZON_CONFIG, 7))
                .requireRunnable();
        config(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 24, StreamcastConfig.FORECAST_HORIZON_CONFIG, 8,
                StreamcastConfig.TRAINING_BURN_IN_CONFIG, 15)).requireRunnable();
    }

    /**
     * A key keeps the values of its last history.length events, and persistence's forecast of step k is the value k
     * events back: beyond the history its errors were never recorded, so no rhythm could ever be found clearly
     * better than it there, and without a model every forecast of those steps was persistence's (on a daily sine 30
     * steps ahead with history.length 24: persistence's alone, MASE 1.0, against 0.3067 from the daily and weekly
     * rhythms with history.length 64). Whether the trainer runs or not.
     */
    @Test
    void shouldRefuseAHorizonBeyondTheHistoryNamingBoth() {
        Map<String, Object> untrained = Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, false,
                StreamcastConfig.HISTORY_LENGTH_CONFIG, 24, StreamcastConfig.FORECAST_HORIZON_CONFIG, 25);
        assertThatThrownBy(config(untrained)::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("forecast.horizon")
                .hasMessageContaining("history.length = 24");
        assertThatThrownBy(() -> config(untrained).requireEvaluable(1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("history.length = 24");

        config(Map.of(StreamcastConfig.TRAINING_ENABLED_CONFIG, false, StreamcastConfig.HISTORY_LENGTH_CONFIG, 24,
                StreamcastConfig.FORECAST_HORIZON_CONFIG, 24)).requireRunnable();
    }

    /**
     * A validation fraction of one half or more leaves nothing to train on from the keys too few windows to split
     * (with many keys, all of them), and every round ended with too few samples: refused at start-up, naming it.
     */
    @Test
    void shouldRefuseAValidationFractionThatLeavesNothingToTrainOn() {
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.TRAINING_VALIDATION_FRACTION_CONFIG, 0.5)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.validation.fraction");
        assertThat(config(Map.of(StreamcastConfig.TRAINING_VALIDATION_FRACTION_CONFIG, 0.45)).trainerSettings()
                .validationFraction()).isEqualTo(0.45);
    }

    /** A limit beyond the grace would let one record ahead of the clock have a key refuse its genuine events. */
    @Test
    void shouldRefuseAFutureLimitBeyondTheGraceWhenLateEventsAreApplied() {
        assertThatThrownBy(config(Map.of(StreamcastConfig.LATE_EVENT_GRACE_MS_CONFIG, 600_000L,
                StreamcastConfig.FUTURE_EVENT_LIMIT_MS_CONFIG, 3_600_000L))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("future.event.limit.ms")
                .hasMessageContaining("late.event.grace.ms = 600000");

        // a limit left unset follows a lowered grace down instead
        StreamcastConfig graceOnly = config(Map.of(StreamcastConfig.LATE_EVENT_GRACE_MS_CONFIG, 600_000L));
        graceOnly.requireRunnable();
        assertThat(graceOnly.eventTimePolicy().futureLimitMillis()).isEqualTo(600_000L);
        assertThat(config(Map.of()).eventTimePolicy().futureLimitMillis()).isEqualTo(3_600_000L);

        config(Map.of(StreamcastConfig.LATE_EVENT_GRACE_MS_CONFIG, 600_000L,
                StreamcastConfig.FUTURE_EVENT_LIMIT_MS_CONFIG, 600_000L)).requireRunnable();
        // Under REFUSE every late event is refused whatever the grace, so the grace does not bound the limit.
        config(Map.of(StreamcastConfig.LATE_EVENT_GRACE_MS_CONFIG, 0L,
                StreamcastConfig.LATE_EVENT_POLICY_CONFIG, "REFUSE")).requireRunnable();
    }

    /**
     * Under exactly-once the wait for a model version holds a transaction open, so it may take at most half the
     * transaction timeout, read as Kafka Streams reads it: the producer-prefixed setting over the plain one over 10 s.
     */
    @Test
    void shouldRefuseAModelCatchUpAboveHalfTheTransactionTimeout() {
        assertThatThrownBy(config(Map.of("producer.transaction.timeout.ms", 8_000))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.catch.up.ms")
                .hasMessageContaining("transaction.timeout.ms of 8000 ms");
        assertThatThrownBy(config(Map.of("transaction.timeout.ms", "7000",
                StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, 4_000L))::requireRunnable)
                .hasMessageContaining("transaction.timeout.ms of 7000 ms");
        assertThatThrownBy(config(Map.of(StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, 5_001L))::requireRunnable)
                .hasMessageContaining("transaction.timeout.ms of 10000 ms");
        assertThatThrownBy(config(Map.of("transaction.timeout.ms", 60_000,
                "producer.transaction.timeout.ms", 8_000))::requireRunnable)
                .as("the prefixed setting wins").hasMessageContaining("transaction.timeout.ms of 8000 ms");

        config(Map.of(StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, 5_000L)).requireRunnable();
        config(Map.of("producer.transaction.timeout.ms", 20_000,
                StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, 10_000L)).requireRunnable();
        config(Map.of("transaction.timeout.ms", 8_000, "producer.transaction.timeout.ms", 60_000))
                .requireRunnable();
        // at least once, no transaction is held open
        config(Map.of("processing.guarantee", "at_least_once",
                StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, 10_000L)).requireRunnable();
    }

    private static StreamcastConfig withHttpRegistry(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://registry:8081");
        return config(settings);
    }

    /**
     * A stream thread asking the registry for a schema id it has not seen holds the task's transaction open and does
     * not poll, so the registry's call timeout may take at most half the transaction timeout under exactly-once and
     * half max.poll.interval.ms, each read as Kafka Streams reads it.
     */
    @Test
    void shouldRefuseARegistryCallTimeoutAboveHalfTheTransactionTimeout() {
        withHttpRegistry(Map.of()).requireRunnable();
        assertThatThrownBy(withHttpRegistry(Map.of("schema.registry.call.timeout.ms", 5_001))::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.call.timeout.ms")
                .hasMessageContaining("transaction.timeout.ms of 10000 ms");
        assertThatThrownBy(withHttpRegistry(Map.of("producer.transaction.timeout.ms", 6_000,
                StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG, 1_000L))::requireRunnable)
                .hasMessageContaining("schema.registry.call.timeout.ms")
                .hasMessageContaining("transaction.timeout.ms of 6000 ms");

        withHttpRegistry(Map.of("producer.transaction.timeout.ms", 6_000, StreamcastConfig.MODEL_CATCH_UP_MS_CONFIG,
                1_000L, "schema.registry.call.timeout.ms", 3_000)).requireRunnable();
        withHttpRegistry(Map.of("transaction.timeout.ms", 60_000, "schema.registry.call.timeout.ms", 30_000,
                StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG, 40_000)).requireRunnable();
        // at least once, no transaction is held open
        withHttpRegistry(Map.of("processing.guarantee", "at_least_once", "schema.registry.call.timeout.ms", 60_000,
                StreamcastConfig.CLOSE_TIMEOUT_MS_CONFIG, 70_000)).requireRunnable();
        // the in-memory registry never waits
        config(Map.of("schema.registry.call.timeout.ms", 60_000)).requireRunnable();
    }

    @Test
    void shouldRefuseARegistryCallTimeoutAboveHalfThePollInterval() {
        Map<String, Object> atLeastOnce = Map.of("processing.guarantee", "at_least_once");
        Map<String, Object> settings = new HashMap<>(atLeastOnce);
        settings.put("schema.registry.call.timeout.ms", 150_001);
        assertThatThrownBy(withHttpRegistry(settings)::requireRunnable)
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.call.timeout.ms")
                .hasMessageContaining("max.poll.interval.ms of 300000 ms");
        settings.put("schema.registry.call.timeout.ms", 4_000);
        settings.put("max.poll.interval.ms", 60_000);
        settings.put("main.consumer.max.poll.interval.ms", 7_000);
        assertThatThrownBy(withHttpRegistry(settings)::requireRunnable)
                .as("the main consumer's setting wins").hasMessageContaining("max.poll.interval.ms of 7000 ms");
        settings.remove("main.consumer.max.poll.interval.ms");
        settings.put("consumer.max.poll.interval.ms", "7000");
        assertThatThrownBy(withHttpRegistry(settings)::requireRunnable)
                .hasMessageContaining("max.poll.interval.ms of 7000 ms");

        settings.put("consumer.max.poll.interval.ms", 8_000);
        withHttpRegistry(settings).requireRunnable();
    }

    @Test
    void shouldRefuseAHistoryWhoseStateNoProducerCouldSend() {
        // 100,000 events of 4 values: 1.6 MB of values alone, against the default max.request.size of 1 MiB.
        StreamcastConfig config = config(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 100_000,
                StreamcastConfig.VALUE_DIMENSION_CONFIG, 4));

        assertThatThrownBy(config::requireRunnable).isInstanceOf(ConfigException.class)
                .hasMessageContaining("history.length=100000 and value.dimension=4")
                .hasMessageContaining("max.request.size of 1048576");
    }

    @Test
    void shouldRefuseAStateJustOverTheLimitThatTheValuesAloneDoNotReveal() {
        // 30,000 events of 8 values: 960,000 bytes of values, under 1 MiB; the times and the rest take it over.
        StreamcastConfig config = config(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 30_000,
                StreamcastConfig.VALUE_DIMENSION_CONFIG, 8));

        assertThatThrownBy(config::requireRunnable).hasMessageContaining("A key's stored state can reach");
    }

    @Test
    void shouldNameTheWeeklyRhythmWhenItsProfileTakesAStateOverTheLimit() {
        // 700 forecast values: 700 x 336 half hours x 5 bytes = 1.18 MB of weekly profile alone
        Map<String, Object> settings = Map.of(StreamcastConfig.VALUE_DIMENSION_CONFIG, 700,
                StreamcastConfig.HISTORY_LENGTH_CONFIG, 8);

        assertThatThrownBy(config(settings)::requireRunnable).hasMessageContaining("A key's stored state can reach")
                .hasMessageContaining("forecast.weekly.rhythm=false leaves out");
        Map<String, Object> withoutWeekly = new HashMap<>(settings);
        withoutWeekly.put(StreamcastConfig.FORECAST_WEEKLY_RHYTHM_CONFIG, false);
        withoutWeekly.put(StreamcastConfig.TRAINING_BURN_IN_CONFIG, 4);
        assertThatCode(config(withoutWeekly)::requireRunnable).doesNotThrowAnyException();
    }

    /**
     * With the defaults (one value, horizon 1, history 64) a prediction takes 8 x (1 + 1 + 3) + 16 + 128 = 184 bytes
     * with 512 + 1,024 bytes of key as sent, headers and framing, and 3 x 512 more for its key as text in the value
     * (where a byte that is not UTF-8 takes three): a limit of 3,255 bytes refuses it. One of 3,256 takes it, and the
     * history's values (4 x 64 = 256 bytes, with 1,536 of key and framing) and forecasts, and refuses a key's whole
     * stored state, which holds more than 1,720 bytes.
     */
    @Test
    void shouldRefuseTheFirstRecordOverTheProducersLimitAndAcceptOneThatMeetsIt() {
        assertThatThrownBy(config(Map.of("producer.max.request.size", 3_255))::requireRunnable)
                .hasMessageContaining("A prediction can reach 184 bytes");
        assertThatThrownBy(config(Map.of("producer.max.request.size", 3_256))::requireRunnable)
                .hasMessageContaining("A key's stored state can reach");
    }

    /**
     * A dead letter never drops Streamcast's own headers, which can take 13,573 bytes (as MessageSizeCheckIT counts
     * them): a producer limit below that, under either name, is refused naming it as Kafka Streams reads it, the
     * prefixed name over the plain one. Without training, whose model snapshots need more, every other record of the
     * defaults fits 13,573 bytes.
     */
    @Test
    void shouldRefuseAProducerLimitBelowWhatADeadLetterCanNeedNamingItAsGiven() {
        String training = StreamcastConfig.TRAINING_ENABLED_CONFIG;
        for (String key : List.of("max.request.size", "producer.max.request.size")) {
            assertThatThrownBy(config(Map.of(key, 13_572, training, false))::requireRunnable)
                    .as(key).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid value 13572 for configuration " + key + ": must be at least"
                            + " 13573: a dead letter can need that many bytes with nothing left but Streamcast's own"
                            + " headers");
            assertThatCode(config(Map.of(key, 13_573, training, false))::requireRunnable).as(key)
                    .doesNotThrowAnyException();
        }
        assertThatThrownBy(config(Map.of("max.request.size", 20_000, "producer.max.request.size", 13_572, training,
                false))::requireRunnable).hasMessageContaining("for configuration producer.max.request.size:");
        assertThatCode(config(Map.of("max.request.size", 13_572, "producer.max.request.size", 13_573, training,
                false))::requireRunnable).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAHorizonWhoseStoredForecastsNoProducerCouldSend() {
        // a forecast of every step from each of the last 1,024 events: 8 x 1,024 x 1,024 bytes, 8 MiB
        assertThatThrownBy(config(Map.of(StreamcastConfig.FORECAST_HORIZON_CONFIG, 1024))::requireRunnable)
                .hasMessageContaining("A key's stored forecasts can reach 8388608 bytes")
                .hasMessageContaining("forecast.horizon=1024");
    }

    @Test
    void shouldAcceptTheSameHistoryWhenTheProducerMaySendIt() {
        // windows of about 1.2 MB: 256 of them fit the test's heap, the default 4,096 would not
        StreamcastConfig config = config(Map.of(StreamcastConfig.HISTORY_LENGTH_CONFIG, 30_000,
                StreamcastConfig.VALUE_DIMENSION_CONFIG, 8, "producer.max.request.size", 4_000_000,
                StreamcastConfig.TRAINING_SET_CAPACITY_CONFIG, 256));

        assertThatCode(config::requireRunnable).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAHorizonWhosePredictionsNoProducerCouldSend() {
        // 1,024 steps of 64 forecast values, each with a lower and an upper bound: 1.6 MB.
        StreamcastConfig config = config(Map.of(StreamcastConfig.FORECAST_HORIZON_CONFIG, 1024,
                StreamcastConfig.VALUE_DIMENSION_CONFIG, 64, StreamcastConfig.HISTORY_LENGTH_CONFIG, 8));

        assertThatThrownBy(config::requireRunnable).hasMessageContaining("A prediction can reach")
                .hasMessageContaining("lower forecast.horizon");
    }

    @Test
    void shouldRefuseANetworkWhoseSnapshotsTheTrainerCouldNotSend() {
        // 256 units reading at most 5 inputs (the value and two calendar features): 4 gates x 256 x (5 + 256 + 1)
        // weights of 4 bytes, 1.07 MB, against the default max.request.size of 1 MiB
        Map<String, Object> settings = Map.of(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 256);

        assertThatThrownBy(config(settings)::requireRunnable)
                .hasMessageContaining("A model snapshot the trainer publishes can reach")
                .hasMessageContaining("model.hidden.size=256 and model.layers=1")
                .hasMessageContaining("lower model.hidden.size");
        Map<String, Object> elsewhere = new HashMap<>(settings);
        elsewhere.put(StreamcastConfig.TRAINING_ENABLED_CONFIG, false);
        assertThatCode(config(elsewhere)::requireRunnable).as("an instance that publishes no model")
                .doesNotThrowAnyException();
        Map<String, Object> larger = new HashMap<>(settings);
        larger.put("producer.max.request.size", 2_000_000);
        assertThatCode(config(larger)::requireRunnable).doesNotThrowAnyException();
        assertThatCode(config(Map.of(StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 240))::requireRunnable)
                .as("4 x 240 x 246 x 4 bytes: 0.94 MB").doesNotThrowAnyException();
    }

    /**
     * Kafka's admin client refuses a default.api.timeout.ms given below its request timeout only when it is created:
     * run had begun its start, and failed with exit status 1. run's own admin client reads the plain settings, Kafka
     * Streams' the admin.-prefixed ones over them; 30000 is Kafka's documented request.timeout.ms.
     */
    @Test
    void shouldRefuseAnApiTimeoutBelowTheAdminClientsRequestTimeoutNamingBoth() {
        assertThatThrownBy(config(Map.of("default.api.timeout.ms", 1_000, "request.timeout.ms", "5000"))
                ::requireRunnable).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 1000 for configuration default.api.timeout.ms: must be at least"
                        + " request.timeout.ms = 5000: Kafka's admin client refuses a shorter one when it is created,"
                        + " after the start has begun");
        assertThatThrownBy(config(Map.of("admin.default.api.timeout.ms", 1_000))::requireRunnable)
                .hasMessageStartingWith("Invalid value 1000 for configuration admin.default.api.timeout.ms: must be"
                        + " at least request.timeout.ms = 30000");
        assertThatThrownBy(config(Map.of("default.api.timeout.ms", 40_000, "admin.request.timeout.ms", 45_000))
                ::requireRunnable)
                .hasMessageStartingWith("Invalid value 40000 for configuration default.api.timeout.ms: must be at"
                        + " least admin.request.timeout.ms = 45000");

        config(Map.of("default.api.timeout.ms", 5_000, "request.timeout.ms", 5_000)).requireRunnable();
        // left unset, the admin client raises its own to the request timeout
        config(Map.of("request.timeout.ms", 90_000)).requireRunnable();
    }

    /** Kafka's producer refuses a delivery timeout given below linger.ms + request.timeout.ms when it is created. */
    @Test
    void shouldRefuseADeliveryTimeoutBelowLingerAndRequestTimeoutNamingThem() {
        assertThatThrownBy(config(Map.of("producer.linger.ms", 50, "request.timeout.ms", 20_000,
                "delivery.timeout.ms", 20_049))::requireRunnable).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value 20049 for configuration delivery.timeout.ms: must be at least"
                        + " producer.linger.ms + request.timeout.ms = 50 + 20000 = 20050");
        assertThatThrownBy(config(Map.of("producer.delivery.timeout.ms", 1_000, "processing.guarantee",
                "at_least_once"))::requireRunnable)
                .hasMessageContaining("configuration producer.delivery.timeout.ms: must be at least linger.ms +"
                        + " request.timeout.ms");

        config(Map.of("producer.linger.ms", 50, "request.timeout.ms", 20_000, "delivery.timeout.ms", 20_050))
                .requireRunnable();
    }

    /** Under the classic group protocol, Kafka's consumer refuses a heartbeat not below the session when created. */
    @Test
    void shouldRefuseAHeartbeatIntervalNotBelowTheSessionTimeoutNamingBoth() {
        assertThatThrownBy(config(Map.of("heartbeat.interval.ms", 10_000, "session.timeout.ms", 10_000))
                ::requireRunnable).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value 10000 for configuration heartbeat.interval.ms: must be below"
                        + " session.timeout.ms = 10000");
        assertThatThrownBy(config(Map.of("consumer.heartbeat.interval.ms", 9_000,
                "main.consumer.session.timeout.ms", 9_000, "session.timeout.ms", 60_000))::requireRunnable)
                .hasMessageStartingWith("Invalid value 9000 for configuration consumer.heartbeat.interval.ms: must be"
                        + " below main.consumer.session.timeout.ms = 9000");

        config(Map.of("heartbeat.interval.ms", 3_000, "session.timeout.ms", 10_000)).requireRunnable();
    }

    @Test
    void shouldRefuseRackAwarePartitioningWithoutARackNamingBoth() {
        assertThatThrownBy(config(Map.of("partitioner.rack.aware", true))::requireRunnable)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value true for configuration partitioner.rack.aware: needs"
                        + " client.rack");

        config(Map.of("producer.partitioner.rack.aware", "true", "client.rack", "eu-1a")).requireRunnable();
    }

    /**
     * Kafka 4.4's producer refuses compression with its incremental buffers, which it uses for a batch.size of at
     * least its 16 KiB chunk (16384, the default), when it is created (a KafkaStreams built with each showed which).
     */
    @Test
    void shouldRefuseCompressionWithIncrementalProducerBuffersNamingBoth() {
        assertThatThrownBy(config(Map.of("producer.buffer.memory.allocation.strategy", "INCREMENTAL",
                "compression.type", "lz4"))::requireRunnable).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value INCREMENTAL for configuration"
                        + " producer.buffer.memory.allocation.strategy: does not take compression, and"
                        + " compression.type = lz4");

        config(Map.of("buffer.memory.allocation.strategy", "incremental", "compression.type", "none"))
                .requireRunnable();
        config(Map.of("buffer.memory.allocation.strategy", "incremental", "compression.type", "lz4",
                "batch.size", 16_383)).requireRunnable();
    }

    /**
     * What Kafka's producer config and Kafka Streams refuse as they derive the producer's settings, which nothing
     * derived before the start: under exactly-once the producer is idempotent, so acks must be all; and Kafka Streams
     * takes at most 5 requests in flight, at least once too (as a KafkaStreams built with 6 showed).
     */
    @Test
    void shouldRefuseProducerSettingsThatKafkaStreamsCannotUse() {
        assertThatThrownBy(config(Map.of("producer.acks", "1"))::requireRunnable)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Kafka Streams' producer refuses its settings: ")
                .hasMessageContaining("acks");
        assertThatThrownBy(config(Map.of("max.in.flight.requests.per.connection", 6))::requireRunnable)
                .hasMessageStartingWith("Kafka Streams' producer refuses its settings: ")
                .hasMessageContaining("max.in.flight.requests.per.connection");
        assertThatThrownBy(config(Map.of("processing.guarantee", "at_least_once",
                "producer.max.in.flight.requests.per.connection", 6))::requireRunnable)
                .hasMessageContaining("max.in.flight.requests.per.connection");

        config(Map.of("processing.guarantee", "at_least_once", "acks", "1")).requireRunnable();
        config(Map.of("max.in.flight.requests.per.connection", 5)).requireRunnable();
    }

    /** A client's own parse names a setting as it was given, under the prefix of that client. */
    @Test
    void shouldNameAClientSettingItsConfigRefusesUnderItsPrefix() {
        assertThatThrownBy(config(Map.of("main.consumer.fetch.max.bytes", "lots"))::requireRunnable)
                .isInstanceOf(ConfigException.class)
                .hasMessage("Kafka Streams' main consumer refuses its settings: Invalid value lots for configuration"
                        + " main.consumer.fetch.max.bytes: Not a number of type INT");
        assertThatThrownBy(config(Map.of("admin.retries", "x"))::requireRunnable)
                .hasMessageContaining("for configuration admin.retries:");
    }

    /** Kafka drops a list setting's repeats with a warning; calendar.features refuses them as forecast.indices does. */
    @Test
    void shouldRefuseACalendarFeatureGivenTwice() {
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.CALENDAR_FEATURES_CONFIG,
                "TIME_OF_DAY,DAY_OF_WEEK,TIME_OF_DAY"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [TIME_OF_DAY, DAY_OF_WEEK, TIME_OF_DAY] for configuration"
                        + " calendar.features: TIME_OF_DAY is given twice");
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.CALENDAR_FEATURES_CONFIG, "AUTO,AUTO")))
                .hasMessageContaining("AUTO is given twice");
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.CALENDAR_FEATURES_CONFIG, ",")))
                .as("an empty value is named as empty, not as a repeat")
                .hasMessageContaining("calendar.features").hasMessageNotContaining("twice");
        assertThatThrownBy(() -> config(Map.of(StreamcastConfig.CALENDAR_FEATURES_CONFIG, "HOUR,HOUR")))
                .as("an unknown value is named as unknown").hasMessageContaining("HOUR")
                .hasMessageNotContaining("twice");

        assertThat(config(Map.of(StreamcastConfig.CALENDAR_FEATURES_CONFIG, "DAY_OF_WEEK,TIME_OF_DAY")).inputSpec()
                .calendarFeatures()).hasSize(2);
        assertThat(config(Map.of(StreamcastConfig.CALENDAR_FEATURES_CONFIG, "")).inputSpec().calendarFeatures())
                .isEmpty();
    }

    @Test
    void shouldAcceptTheDefaults() {
        assertThatCode(() -> config(Map.of()).requireRunnable()).doesNotThrowAnyException();
    }

    /**
     * Offline commands never hand the settings to Kafka Streams, whose own check would name a bad stream-thread count:
     * the trainer's thread count, capped by it, must name it instead of failing with a bare NumberFormatException.
     */
    @Test
    void shouldNameTheStreamThreadsSettingWhenItIsNotANumber() {
        StreamcastConfig config = config(Map.of("num.stream.threads", "abc"));

        assertThatThrownBy(config::trainerSettings)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.stream.threads")
                .hasMessageContaining("abc");
    }

    /** Kafka Streams takes 0 threads (and -1), and then waits in REBALANCING for ever, processing nothing. */
    @Test
    void shouldRefuseNoStreamThreadNamingTheSetting() {
        assertThatThrownBy(config(Map.of("num.stream.threads", "0"))::requireRunnable)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.stream.threads")
                .hasMessageContaining("must be at least 1");
        assertThatThrownBy(config(Map.of("num.stream.threads", -1))::requireRunnable)
                .hasMessageContaining("num.stream.threads");
        assertThatCode(config(Map.of("num.stream.threads", " 1"))::requireRunnable).doesNotThrowAnyException();
    }

    /**
     * Kafka Streams' own check takes a state.cleanup.delay.ms of 0 or below, and its start then fails as it schedules
     * the state directory's cleaner, with a bare IllegalArgumentException that names no setting, again at every start.
     */
    @Test
    void shouldRefuseAStateCleanupDelayNotAboveZeroNamingTheSetting() {
        for (Object delay : new Object[] {"0", -1L, " -600000 "}) {
            StreamcastConfig config = config(Map.of("state.cleanup.delay.ms", delay));
            assertThatCode(() -> new StreamsConfig(config.streamsProperties())).doesNotThrowAnyException();

            assertThatThrownBy(config::requireRunnable)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("state.cleanup.delay.ms")
                    .hasMessageContaining("must be at least 1");
        }
        assertThatCode(config(Map.of("state.cleanup.delay.ms", " 1 "))::requireRunnable).doesNotThrowAnyException();
    }
    /**
     * Kafka Streams' own check takes a negative poll.ms, and each stream thread then died at its first poll (Invalid
     * negative timeout -1): the instance went to ERROR and predicted nothing, naming no setting, at every start.
     */
    @Test
    void shouldRefuseANegativePollTimeNamingTheSetting() {
        for (Object poll : new Object[] {"-1", Long.MIN_VALUE}) {
            StreamcastConfig config = config(Map.of("poll.ms", poll));
            assertThatCode(() -> new StreamsConfig(config.streamsProperties())).doesNotThrowAnyException();

            assertThatThrownBy(config::requireRunnable)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("poll.ms")
                    .hasMessageContaining("must be at least 0");
        }
        assertThatCode(config(Map.of("poll.ms", "0"))::requireRunnable).doesNotThrowAnyException();
    }
    /**
     * Kafka Streams' own check takes a negative buffered.records.per.partition, and each input partition then stayed
     * paused after its first fetch, never resumed: the instance read RUNNING while it predicted nothing more.
     */
    @Test
    void shouldRefuseANegativeRecordBufferNamingTheSetting() {
        for (Object buffered : new Object[] {"-1", Integer.MIN_VALUE}) {
            StreamcastConfig config = config(Map.of("buffered.records.per.partition", buffered));
            assertThatCode(() -> new StreamsConfig(config.streamsProperties())).doesNotThrowAnyException();

            assertThatThrownBy(config::requireRunnable)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("buffered.records.per.partition")
                    .hasMessageContaining("must be at least 0");
        }
        assertThatCode(config(Map.of("buffered.records.per.partition", "0"))::requireRunnable)
                .doesNotThrowAnyException();
    }

    /**
     * Kafka Streams' own check takes a replication.factor of 0 for its internal topics, which the broker refuses to
     * create: each stream thread then failed at its first rebalance (InvalidReplicationFactorException), was replaced
     * as if a broker were away, and the instance stopped after the replacements, naming no setting, at every start.
     */
    @Test
    void shouldRefuseAReplicationFactorOfZeroNamingTheSetting() {
        StreamcastConfig config = config(Map.of("replication.factor", "0"));
        assertThatCode(() -> new StreamsConfig(config.streamsProperties())).doesNotThrowAnyException();

        assertThatThrownBy(config::requireRunnable)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("replication.factor")
                .hasMessageContaining("must be -1 (the broker's default) or at least 1");
        assertThatCode(config(Map.of("replication.factor", "-1"))::requireRunnable).doesNotThrowAnyException();
        assertThatCode(config(Map.of("replication.factor", " 1 "))::requireRunnable).doesNotThrowAnyException();
        // below -1 the broker refuses the topics as it refuses 0
        assertThatThrownBy(config(Map.of("replication.factor", "-2"))::requireRunnable)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("replication.factor");
    }

    /**
     * Kafka Streams refuses a topology.optimization it does not know, the empty one too, in words that name no setting
     * (Unrecognized config. Acceptable values are: ...): start-up now names it.
     */
    @Test
    void shouldRefuseAnUnknownTopologyOptimizationNamingTheSetting() {
        for (String optimization : List.of("", " ", "fastest", "none,all")) {
            Map<String, Object> settings = TestSettings.base();
            settings.put("topology.optimization", optimization);
            assertThatThrownBy(() -> new StreamsConfig(settings)).as("'" + optimization + "'")
                    .isInstanceOf(ConfigException.class)
                    .hasMessageNotContaining("topology.optimization");

            assertThatThrownBy(() -> config(Map.of("topology.optimization", optimization)))
                    .as("'" + optimization + "'").isInstanceOf(ConfigException.class)
                    .hasMessageContaining("for configuration topology.optimization");
        }
        for (String optimization : List.of("none", "all", " reuse.ktable.source.topics , merge.repartition.topics")) {
            assertThatCode(config(Map.of("topology.optimization", optimization))::requireRunnable)
                    .as(optimization).doesNotThrowAnyException();
        }
    }
}
