package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import io.streamcast.testing.TestSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Streamcast's Streams settings install {@link DeadLetterProcessingHandler}: a record whose processing throws goes
 * to the dead-letter topic with reason processing-error, and the records after it are processed.
 */
class DeadLetterProcessingHandlerTest {

    private final StreamcastConfig config = new StreamcastConfig(TestSettings.base());
    private final String deadLetters = config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG);

    /** A processor with a bug on one rare input: it throws on values that start with "rare". */
    private static final class RareInputBug extends ContextualProcessor<String, String, String, String> {
        private final RuntimeException failure;

        RareInputBug(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.value().startsWith("rare")) {
                throw failure;
            }
            context().forward(record);
        }
    }

    private TopologyTestDriver driver(RuntimeException failure, StreamcastMetrics metrics) {
        return driver(failure, metrics, config.streamsProperties());
    }

    private TopologyTestDriver driver(RuntimeException failure, StreamcastMetrics metrics, Properties properties) {
        Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "in");
        topology.addProcessor("bug", () -> new RareInputBug(failure), "in");
        topology.addSink("out", "out", new StringSerializer(), new StringSerializer(), "bug");
        properties.put(DeadLetterProcessingHandler.METRICS_CONFIG, metrics);
        return new TopologyTestDriver(topology, properties);
    }

    @Test
    void shouldSendARecordWhoseProcessingThrowsToDeadLettersAndGoOn() {
        StreamcastMetrics metrics = new StreamcastMetrics(new SimpleMeterRegistry());
        try (TopologyTestDriver driver = driver(new IllegalStateException("no forecast for step 3\n\tdetail"),
                metrics)) {
            TestInputTopic<String, String> in = input(driver);
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", new StringDeserializer(),
                    new StringDeserializer());
            TestOutputTopic<String, String> dead = deadLetters(driver);
            RecordHeaders original = new RecordHeaders();
            original.add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));

            in.pipeInput("k", "common");
            in.pipeInput(new TestRecord<>("k", "rare", original));
            in.pipeInput("k", "common again");

            assertThat(out.readValuesToList()).containsExactly("common", "common again");
            TestRecord<String, String> letter = dead.readRecord();
            assertThat(letter.key()).isEqualTo("k");
            assertThat(letter.value()).isEqualTo("rare");
            assertThat(header(letter, DeadLetters.REASON_HEADER)).isEqualTo("processing-error");
            assertThat(header(letter, DeadLetters.MESSAGE_HEADER))
                    .isEqualTo("java.lang.IllegalStateException: no forecast for step 3");
            assertThat(header(letter, DeadLetters.SOURCE_TOPIC_HEADER)).isEqualTo("in");
            assertThat(header(letter, DeadLetters.SOURCE_OFFSET_HEADER)).isEqualTo("1");
            assertThat(header(letter, "trace-id")).isEqualTo("t-1");
            assertThat(dead.isEmpty()).isTrue();
            assertThat(metrics.registry().get("streamcast.dead.letters").tag("reason", "processing-error")
                    .counter().count()).isEqualTo(1);
        }
    }

    /**
     * A dead-letter topic given with spaces around it (in settings handed to the service as they are; run trims a
     * file's values): Kafka Streams reads the name without them, and so must the handler, or a record whose processing
     * failed would fail its task, as no topic can be named with spaces, again after every restart.
     */
    @Test
    void shouldSendTheDeadLetterToTheTopicNamedWithoutTheSpacesAroundIt() {
        Properties properties = config.streamsProperties();
        properties.put("errors.dead.letter.queue.topic.name", " " + deadLetters + "  ");
        try (TopologyTestDriver driver = driver(new IllegalStateException("bug"), StreamcastMetrics.discarding(),
                properties)) {
            input(driver).pipeInput("k", "rare");

            TestRecord<String, String> letter = deadLetters(driver).readRecord();
            assertThat(letter.value()).isEqualTo("rare");
            assertThat(header(letter, DeadLetters.REASON_HEADER)).isEqualTo("processing-error");
        }
    }

    /** As {@code PredictTopologyTest}'s dead letter without a value too large to send with its headers. */
    @Test
    void shouldSendTheDeadLetterWithoutAValueTooLargeToSendWithItsHeaders() {
        Properties properties = config.streamsProperties();
        properties.put("producer.max.request.size", 20_000);
        try (TopologyTestDriver driver = driver(new IllegalStateException("bug"), StreamcastMetrics.discarding(),
                properties)) {
            TestInputTopic<String, String> in = input(driver);
            TestOutputTopic<String, String> dead = deadLetters(driver);

            in.pipeInput("k", "rare" + "x".repeat(19_596));
            in.pipeInput("k", "rare" + "x".repeat(17_996));

            TestRecord<String, String> letter = dead.readRecord();
            assertThat(letter.value()).isEmpty();
            assertThat(header(letter, DeadLetters.VALUE_LEFT_OUT_HEADER)).startsWith("19600 bytes");
            assertThat(header(letter, DeadLetters.SOURCE_OFFSET_HEADER)).isEqualTo("0");
            assertThat(dead.readRecord().value()).hasSize(18_000);
        }
    }

    /**
     * A dead-letter topic that takes 20,000 bytes, the producer's limit the default 1 MiB: the dead letter of a record
     * of 19,600 bytes goes without its value, as the topic would refuse it whole, which would fail the task.
     */
    @Test
    void shouldSendTheDeadLetterWithoutAValueTheDeadLetterTopicWouldRefuse() {
        Properties properties = config.streamsProperties();
        SendLimits limits = SendLimits.of(properties);
        limits.deadLetterTopicTakes(20_000);
        properties.put(DeadLetterProcessingHandler.SEND_LIMITS_CONFIG, limits);
        try (TopologyTestDriver driver = driver(new IllegalStateException("bug"), StreamcastMetrics.discarding(),
                properties)) {
            TestInputTopic<String, String> in = input(driver);
            TestOutputTopic<String, String> dead = deadLetters(driver);

            in.pipeInput("k", "rare" + "x".repeat(19_596));

            TestRecord<String, String> letter = dead.readRecord();
            assertThat(letter.value()).isEmpty();
            assertThat(header(letter, DeadLetters.VALUE_LEFT_OUT_HEADER)).startsWith("19600 bytes");
        }
    }

    /**
     * A failure wrapped 200,000 times over, each wrapper's message its cause's: the reason, walked one call deeper
     * for each cause, overflowed the stack. It names the outermost, passes over the rest as quoted, and stops.
     */
    @Test
    void shouldWalkABoundedPartOfAChainOfThousandsOfCauses() {
        RuntimeException failure = new IllegalArgumentException("nesting too deep");
        for (int i = 0; i < 200_000; i++) {
            failure = new IllegalStateException("nesting too deep", failure);
        }

        assertThat(DeadLetterProcessingHandler.reason(failure))
                .isEqualTo("java.lang.IllegalStateException: nesting too deep");
    }

    /**
     * 50,000 suppressed failures of as many attempts, each with its own message: walked whole, the reason grew to 4
     * million characters, each searched for the next's message, and took seconds. It stops once the header would
     * cut it.
     */
    @Test
    void shouldStopTheReasonOnceLongerThanTheHeaderKeeps() {
        RuntimeException failure = new IllegalStateException("retries failed");
        for (int i = 0; i < 50_000; i++) {
            failure.addSuppressed(new IllegalStateException("attempt " + i + " refused"));
        }

        String reason = DeadLetterProcessingHandler.reason(failure);

        assertThat(reason).startsWith("java.lang.IllegalStateException: retries failed; Suppressed: "
                + "java.lang.IllegalStateException: attempt 0 refused; Suppressed: ");
        assertThat(reason.length()).isGreaterThan(DeadLetters.MAX_MESSAGE).isLessThan(DeadLetters.MAX_MESSAGE + 100);
    }

    /**
     * A cause whose short message is a part of its wrapper's, not the whole: it was passed over as quoted, though its
     * class and its own words are in no line before it.
     */
    @Test
    void shouldNameACauseWhoseShortMessageIsOnlyAPartOfTheWrappers() {
        assertThat(DeadLetterProcessingHandler.reason(new IllegalStateException("State of key 7 failed to load",
                new IOException("7"))))
                .isEqualTo("java.lang.IllegalStateException: State of key 7 failed to load;"
                        + " Caused by: java.io.IOException: 7");
    }

    /**
     * A wrapper made of its cause alone, whose message is the cause's line, here its class alone: the cause is passed
     * over as quoted.
     */
    @Test
    void shouldPassOverACauseWhoseLineIsTheWrappersMessage() {
        assertThat(DeadLetterProcessingHandler.reason(new IllegalStateException(new IOException())))
                .isEqualTo("java.lang.IllegalStateException: java.io.IOException");
    }

    /**
     * Causes whose words their wrappers quote whole: after the wrapper's context and ": ", and before Avro's " at " and
     * the field's path. They are passed over, though each message is only a part of its wrapper's.
     */
    @Test
    void shouldPassOverCausesWhoseMessagesTheirWrappersQuoteAsAClause() {
        assertThat(DeadLetterProcessingHandler.reason(new IllegalStateException("Cannot encode: no symbol x at R.f",
                new IllegalArgumentException("no symbol x at R.f", new IllegalArgumentException("no symbol x")))))
                .isEqualTo("java.lang.IllegalStateException: Cannot encode: no symbol x at R.f");
    }

    /** A cause with an empty message is named by its class: an empty message is in every reason. */
    @Test
    void shouldNameACauseWithAnEmptyMessage() {
        assertThat(DeadLetterProcessingHandler.reason(new IllegalStateException("wrapper",
                new ArithmeticException(""))))
                .isEqualTo("java.lang.IllegalStateException: wrapper; Caused by: java.lang.ArithmeticException: ");
    }

    @Test
    void shouldStillStopWhenTheSchemaRegistryCannotBeReached() {
        try (TopologyTestDriver driver = driver(new SchemaRegistryUnavailableException("registry down", null),
                StreamcastMetrics.discarding())) {
            TestInputTopic<String, String> in = input(driver);

            assertThatThrownBy(() -> in.pipeInput("k", "rare")).hasRootCauseInstanceOf(
                    SchemaRegistryUnavailableException.class);
            assertThat(deadLetters(driver).isEmpty()).isTrue();
        }
    }

    private static String header(TestRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static TestInputTopic<String, String> input(TopologyTestDriver driver) {
        return driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
    }

    private TestOutputTopic<String, String> deadLetters(TopologyTestDriver driver) {
        return driver.createOutputTopic(deadLetters, new StringDeserializer(), new StringDeserializer());
    }
}
