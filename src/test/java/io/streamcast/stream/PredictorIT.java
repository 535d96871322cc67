package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcast.app.StreamcastService;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.Prediction;
import io.streamcast.testing.TestSettings;
import io.streamcast.testing.kafka.KafkaCluster;
import io.streamcast.testing.kafka.KafkaClusterExtension;
import io.streamcast.testing.kafka.StreamcastFixture;
import io.streamcast.testing.registry.TestSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class PredictorIT {

    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final long YEAR_3000 = 32_503_680_000_000L;
    private static final int KEYS = 5;

    private static List<ProducerRecord<byte[], byte[]>> events(StreamcastFixture app, int fromStep, int toStep) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int step = fromStep; step < toStep; step++) {
            for (int k = 0; k < KEYS; k++) {
                double value = (k + 1) * 100 + 10 * Math.sin(step / 6.0 + k) + ((step * 7 + k) % 5);
                records.add(app.event("key-" + k, T0 + step * 60_000L, value));
            }
        }
        return records;
    }

    private static void publishModel(StreamcastFixture app) {
        publishModel(app, 1);
    }

    private static void publishModel(StreamcastFixture app, long version) {
        ForecastModel model = TestSettings.model(app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG), version,
                app.config().inputSpec(), 16, 7);
        app.publishModel(model);
    }

    private static List<Prediction> predictions(StreamcastFixture app) {
        return StreamcastFixture.values(app.readAllCommitted(app.topics().predictions().name()),
                app.topics().predictions()::deserializeValue);
    }

    private static Map<String, List<Prediction>> byKey(List<Prediction> predictions) {
        return predictions.stream().collect(Collectors.groupingBy(Prediction::getKey));
    }

    @Test
    void shouldReadTheModelsTopicToItsEndBeforeTheFirstEvent(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                StreamcastConfig.TRAINING_ENABLED_CONFIG, false))) {
            for (long version = 1; version <= 3; version++) {
                publishModel(app, version);
            }
            app.produce(app.topics().events().name(), events(app, 0, 20));

            app.startInstance();
            app.awaitInputConsumed();

            assertThat(predictions(app)).hasSize(KEYS * 20)
                    .allSatisfy(p -> assertThat(p.getModelVersion()).as("from the first event on").isEqualTo(3));
        }
    }

    @Test
    void shouldEmitExactlyOnePredictionPerEventReadCommitted(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            publishModel(app);
            app.startInstance();
            app.produce(app.topics().events().name(), events(app, 0, 100));
            app.awaitInputConsumed();

            List<Prediction> predictions = predictions(app);

            assertThat(predictions).hasSize(KEYS * 100);
            byKey(predictions).forEach((key, perKey) -> {
                assertThat(perKey).hasSize(100);
                assertThat(perKey).extracting(p -> p.getEventTime().toEpochMilli())
                        .isSorted().doesNotHaveDuplicates();
                assertThat(perKey.get(99).getModelVersion()).isEqualTo(1);
            });
            assertThat(app.readAllCommitted(app.topics().deadLetters().name())).isEmpty();
        }
    }

    @Test
    void shouldPredictEndToEndThroughAnHttpSchemaRegistry(KafkaCluster kafka) {
        try (TestSchemaRegistry registry = TestSchemaRegistry.start();
             StreamcastFixture app = new StreamcastFixture(kafka,
                     Map.of(StreamcastConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()))) {
            publishModel(app);
            app.startInstance();
            app.produce(app.topics().events().name(), events(app, 0, 20));
            app.awaitInputConsumed();

            List<Prediction> predictions = predictions(app);

            assertThat(predictions).hasSize(KEYS * 20);
            assertThat(predictions.get(predictions.size() - 1).getModelVersion()).isEqualTo(1);
            assertThat(registry.requests()).anyMatch(r -> r.contains("/subjects/" + app.topics().predictions().name()
                    + "-value/versions"));
        }
    }

    /**
     * A new instance takes over mid-stream, after the group's offsets were reset to the start of the events topic: the
     * events its keys have taken are refused as replayed, and the keys go on as if nothing had been read twice. Judged
     * by their times alone, those within the late-event grace (all 50 minutes here) were applied a second time.
     */
    @Test
    void shouldPredictIdenticallyWhenANewInstanceTakesOverMidStreamFromTheStartOfTheEvents(KafkaCluster kafka) {
        Map<String, List<Prediction>> uninterrupted;
        try (StreamcastFixture reference = new StreamcastFixture(kafka, Map.of())) {
            publishModel(reference);
            reference.startInstance();
            reference.produce(reference.topics().events().name(), events(reference, 0, 120));
            reference.awaitInputConsumed();
            uninterrupted = byKey(predictions(reference));
        }

        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            publishModel(app);
            var first = app.startInstance();
            app.produce(app.topics().events().name(), events(app, 0, 50));
            app.awaitInputConsumed();
            first.close();
            app.resetEventOffsetsToStart();

            app.produce(app.topics().events().name(), events(app, 50, 120));
            app.startInstance();
            app.awaitInputConsumed();

            Map<String, List<Prediction>> resumed = byKey(predictions(app));
            assertThat(resumed.keySet()).isEqualTo(uninterrupted.keySet());
            resumed.forEach((key, perKey) -> assertThat(perKey).hasSize(120).isEqualTo(uninterrupted.get(key)));
            assertThat(app.readAllCommitted(app.topics().deadLetters().name()))
                    .extracting(r -> header(r, DeadLetters.REASON_HEADER))
                    .hasSize(50 * KEYS).containsOnly("replayed");
        }
    }

    @Test
    void shouldSendEveryKindOfBadInputToDeadLettersAndKeepPredicting(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of())) {
            app.startInstance();
            String events = app.topics().events().name();
            byte[] key = "a".getBytes(StandardCharsets.UTF_8);
            app.produce(events, List.of(
                    app.event("a", T0 + 1000, 1.0),
                    new ProducerRecord<>(events, key, "garbage".getBytes(StandardCharsets.UTF_8)),
                    app.event(null, T0 + 2000, 1.0),
                    new ProducerRecord<>(events, key, null),
                    app.event("a", T0 + 3000, Double.NaN),
                    app.event("a", T0 + 3000, 1.0, 2.0),
                    app.event("a", T0 - 2 * HOUR, 1.0),
                    app.event("a", YEAR_3000, 1.0),
                    app.event("a", T0 + 4000, 2.0)));
            app.awaitInputConsumed();

            List<ConsumerRecord<byte[], byte[]>> dead = app.readAllCommitted(app.topics().deadLetters().name());
            assertThat(dead).extracting(r -> header(r, DeadLetters.REASON_HEADER)).containsExactlyInAnyOrder(
                    "unparseable", "null-key", "null-value", "non-finite-value", "wrong-dimension", "out-of-order",
                    "far-future");
            assertThat(dead).allSatisfy(r -> {
                assertThat(header(r, DeadLetters.SOURCE_TOPIC_HEADER)).isEqualTo(events);
                assertThat(header(r, DeadLetters.SOURCE_OFFSET_HEADER)).isNotNull();
                assertThat(header(r, DeadLetters.MESSAGE_HEADER)).isNotBlank();
            });
            List<Prediction> predictions = predictions(app);
            assertThat(predictions).extracting(p -> p.getObserved().get(0)).containsExactly(1.0, 2.0);
            assertThat(predictions.get(1).getResidual()).hasSize(1);
        }
    }

    /**
     * An events topic that takes any timestamp (message.timestamp.after.max.ms and before.max.ms at their largest, as
     * brokers before Kafka 4 did by default) took records producers with wrong clocks stamped ten years ahead and in
     * 1970. Their events, whose own times were right, were predicted, and the predictions, the key's changelog records
     * and any dead letter carried the records' stamps, which topics refuse when further from the broker's clock than
     * they allow (an hour ahead by Kafka 4's default; here the outputs' topics also refuse a day behind): the task
     * failed, and again after every restart. Every output is now stamped when it is made.
     */
    @Test
    void shouldPredictEventsWhoseRecordsAreStampedFarFromTheClockStampingTheirOutputsWithTheWallClock(
            KafkaCluster kafka) throws Exception {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            String events = app.topics().events().name();
            setTopicConfig(admin, events, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.MAX_VALUE);
            setTopicConfig(admin, events, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Long.MAX_VALUE);
            for (String output : List.of(app.topics().predictions().name(), app.topics().deadLetters().name())) {
                setTopicConfig(admin, output, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, 24 * HOUR);
            }
            StreamcastService instance = app.startInstance();
            long before = System.currentTimeMillis();
            long tenYearsAhead = before + 10 * 365 * 24 * HOUR;
            byte[] key = "a".getBytes(StandardCharsets.UTF_8);
            app.produce(events, List.of(
                    new ProducerRecord<>(events, null, tenYearsAhead, key, app.event("a", before, 1.0).value()),
                    new ProducerRecord<>(events, null, 1_000L, key, app.event("a", before + 1, 2.0).value()),
                    new ProducerRecord<>(events, null, tenYearsAhead, key, app.event("a", tenYearsAhead, 1.0).value()),
                    app.event("a", before + 1000, 3.0)));
            app.awaitInputConsumed();
            long after = System.currentTimeMillis();

            assertThat(instance.state().isRunningOrRebalancing()).as("running: %s", instance.state()).isTrue();
            List<ConsumerRecord<byte[], byte[]>> predicted = app.readAllCommitted(app.topics().predictions().name());
            assertThat(predicted).extracting(r -> app.topics().predictions().deserializeValue(r.value()).getObserved()
                    .get(0)).containsExactly(1.0, 2.0, 3.0);
            assertThat(predicted).allSatisfy(r -> assertThat(r.timestamp()).isBetween(before, after));
            List<ConsumerRecord<byte[], byte[]>> dead = app.readAllCommitted(app.topics().deadLetters().name());
            assertThat(dead).extracting(r -> header(r, DeadLetters.REASON_HEADER)).containsExactly("far-future");
            assertThat(dead.get(0).timestamp()).as("the dead letter's stamp").isBetween(before, after);
        }
    }

    private static void setTopicConfig(Admin admin, String topic, String name, long value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                new AlterConfigOp(new ConfigEntry(name, String.valueOf(value)), AlterConfigOp.OpType.SET))))
                .all().get();
        // The controller has the setting once the call completes; the broker applies it once its copy of the cluster
        // metadata has caught up, and describeConfigs answers from that copy.
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(value).equals(
                admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value()));
    }

    /**
     * A model published from elsewhere whose network keeps a longer recurrent state than the configured
     * model.hidden.size and model.layers give (here 2 x 5,000 layers of one unit: 10,000 floats, 40 KB) would make
     * every key's stored state larger than the producer's max.request.size (40 KB here, which the configured model
     * fits): the changelog record of the first key that took it could not be sent, which stopped the instance, and
     * again on every restart, since the models topic still held it. It is refused, and the keys go on with the model
     * in use.
     */
    @Test
    void shouldRefuseAModelWhoseStateWouldMakeAKeysStoredStateTooLargeToSend(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                StreamcastConfig.TRAINING_ENABLED_CONFIG, false,
                StreamcastConfig.MODEL_HIDDEN_SIZE_CONFIG, 8,
                "producer.max.request.size", 40_000))) {
            publishModel(app, 1);
            StreamcastService instance = app.startInstance();
            app.produce(app.topics().events().name(), events(app, 0, 10));
            app.awaitInputConsumed();

            InputSpec spec = app.config().inputSpec();
            ForecastModel deep = new ForecastModel(app.config().getString(StreamcastConfig.MODEL_NAME_CONFIG), 2,
                    T0, spec, LstmModel.initialise(spec.inputSize(), 1, 5_000, spec.outputSize(), 3), null);
            app.produce(app.topics().models().name(), List.of(new ProducerRecord<>(app.topics().models().name(),
                    ModelKeys.of(deep.name(), 2).getBytes(StandardCharsets.UTF_8),
                    app.topics().models().serializeValue(ModelSnapshotCodec.toSnapshot(deep)))));
            await().atMost(Duration.ofSeconds(60)).until(() -> instance.models().refusedCount() == 1
                    || instance.models().current().version() == 2);
            app.produce(app.topics().events().name(), events(app, 10, 20));
            await().atMost(Duration.ofSeconds(90)).until(() -> instance.state() != KafkaStreams.State.RUNNING
                    || predictions(app).size() == KEYS * 20);

            assertThat(instance.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(instance.models().refusedCount()).isEqualTo(1);
            List<Prediction> predictions = predictions(app);
            assertThat(predictions).hasSize(KEYS * 20)
                    .allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo(1));
        }
    }

    /**
     * An event whose headers take its record to within a few hundred bytes of the producer's max.request.size (here
     * 1 MB, the producers' and the broker's default) makes a prediction, larger than the event (of 4 values, forecast
     * 12 steps ahead: over 400 bytes more), that could not be sent with them: the instance stopped on it, and again
     * after every restart. Its prediction goes without them, and says so; other events' predictions still carry
     * their headers.
     */
    @Test
    void shouldSendAPredictionWithoutItsEventsHeadersWhenItCannotBeSentWithThem(KafkaCluster kafka) {
        try (StreamcastFixture app = new StreamcastFixture(kafka, Map.of(
                StreamcastConfig.TRAINING_ENABLED_CONFIG, false,
                StreamcastConfig.VALUE_DIMENSION_CONFIG, 4,
                StreamcastConfig.FORECAST_HORIZON_CONFIG, 12))) {
            StreamcastService instance = app.startInstance();
            ProducerRecord<byte[], byte[]> first = app.event("a", T0, 1.0, 1.0, 1.0, 1.0);
            first.headers().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
            ProducerRecord<byte[], byte[]> heavy = app.event("a", T0 + 60_000, 2.0, 2.0, 2.0, 2.0);
            // the event record as large as the test's producer sends: 1 MB less the batch's and the record's framing
            int traceBytes = 1_048_576 - 200 - heavy.value().length;
            heavy.headers().add("trace", new byte[traceBytes]);
            ProducerRecord<byte[], byte[]> last = app.event("a", T0 + 120_000, 3.0, 3.0, 3.0, 3.0);
            last.headers().add("trace", "t-3".getBytes(StandardCharsets.UTF_8));

            app.produce(app.topics().events().name(), List.of(first, heavy, last));
            await().atMost(Duration.ofSeconds(90)).until(() -> instance.state() != KafkaStreams.State.RUNNING
                    && instance.state() != KafkaStreams.State.REBALANCING
                    || app.readAllCommitted(app.topics().predictions().name()).size() == 3);

            assertThat(instance.state()).isEqualTo(KafkaStreams.State.RUNNING);
            List<ConsumerRecord<byte[], byte[]>> predictions =
                    app.readAllCommitted(app.topics().predictions().name());
            assertThat(predictions).extracting(r -> header(r, "trace")).containsExactly("t-1", null, "t-3");
            assertThat(header(predictions.get(1), OutputHeaders.HEADERS_LEFT_OUT_HEADER))
                    .isEqualTo("1 headers of " + ("trace".length() + traceBytes)
                            + " bytes, too large to send with this record");
            assertThat(app.topics().predictions().deserializeValue(predictions.get(1).value()).getObserved())
                    .containsExactly(2.0, 2.0, 2.0, 2.0);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
