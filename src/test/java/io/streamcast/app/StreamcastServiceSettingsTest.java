package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.StreamcastConfig;
import io.streamcast.stream.DeadLetters;
import io.streamcast.stream.StreamcastMetrics;
import io.streamcast.stream.StreamcastTopology;
import io.streamcast.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The settings an instance hands Kafka Streams give the processing exception handler Kafka Streams creates the
 * instance's own metrics and send limits: without them it counted no dead letter, and fitted its dead letters to the
 * producer's limit alone, which a smaller dead-letter topic refused, stopping the instance after every restart.
 */
class StreamcastServiceSettingsTest {

    /** A processor that fails on every record, as one with a bug on a rare input fails on that input. */
    private static final class Failing extends ContextualProcessor<String, String, String, String> {
        @Override
        public void process(Record<String, String> record) {
            throw new IllegalStateException("bug");
        }
    }

    /**
     * As {@code run} sets them once it has read the topics: a dead-letter topic that takes 20,000 bytes, the producer's
     * limit the default 1 MiB. The dead letter of a record of 19,600 bytes goes without its value, and is counted in
     * the instance's meters.
     */
    @Test
    void shouldHandTheProcessingExceptionHandlerTheInstancesSendLimitsAndMetrics() {
        StreamcastConfig config = new StreamcastConfig(TestSettings.base());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        StreamcastTopology topology = StreamcastTopology.build(config, new StreamcastMetrics(meters));
        topology.sendLimits().deadLetterTopicTakes(20_000);
        Topology failing = new Topology();
        failing.addSource("in", new StringDeserializer(), new StringDeserializer(), "in");
        failing.addProcessor("failing", Failing::new, "in");

        try (TopologyTestDriver driver = new TopologyTestDriver(failing,
                StreamcastService.streamsProperties(config, topology))) {
            driver.createInputTopic("in", new StringSerializer(), new StringSerializer())
                    .pipeInput("k", "x".repeat(19_600));
            TestOutputTopic<String, String> deadLetters = driver.createOutputTopic(
                    config.getString(StreamcastConfig.DEAD_LETTERS_TOPIC_CONFIG), new StringDeserializer(),
                    new StringDeserializer());

            TestRecord<String, String> letter = deadLetters.readRecord();
            assertThat(letter.value().length()).as("the dead letter's value").isZero();
            Header leftOut = letter.headers().lastHeader(DeadLetters.VALUE_LEFT_OUT_HEADER);
            assertThat(leftOut).isNotNull();
            assertThat(new String(leftOut.value(), StandardCharsets.UTF_8)).startsWith("19600 bytes");
            assertThat(meters.find("streamcast.dead.letters").tag("reason", "processing-error").counter())
                    .isNotNull().extracting(counter -> counter.count()).isEqualTo(1.0);
        }
    }
}
