package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

/** A stream thread's main consumer, asked by a close to end its first join. */
class StreamThreadConsumerTest {

    @Test
    void shouldEndAPollWhileNothingIsAssigned() throws IOException {
        try (StreamThreadConsumer consumer = new StreamThreadConsumer(settings())) {
            // Given a consumer subscribed and still without partitions (its first join under way), asked to end it
            consumer.subscribe(List.of("events"));
            consumer.endFirstJoin();

            // When its thread polls, Then the poll throws, which ends the thread
            assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(WakeupException.class);
        }
    }

    @Test
    void shouldPollAsUsualOnceSomethingIsAssigned() throws IOException {
        try (StreamThreadConsumer consumer = new StreamThreadConsumer(settings())) {
            // Given a consumer whose partitions were assigned before the request came
            consumer.assign(List.of(new TopicPartition("events", 0)));
            consumer.endFirstJoin();

            // When its thread polls, Then the poll goes on, so that the thread closes its tasks cleanly
            assertThat(consumer.poll(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void shouldPollAsUsualWhenNoEndWasAsked() throws IOException {
        try (StreamThreadConsumer consumer = new StreamThreadConsumer(settings())) {
            // Given a consumer subscribed and still without partitions, not asked to end its join
            consumer.subscribe(List.of("events"));

            // When its thread polls, Then the poll goes on
            assertThat(consumer.poll(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void shouldStopTheThreadOfAnInstanceWithoutTrainingHandedTheTrainersTask() throws IOException {
        try (StreamThreadConsumer consumer = new StreamThreadConsumer(settings(), "training-samples")) {
            // Given an instance without training whose group leader, one that trains, handed it the trainer's task
            consumer.assign(List.of(new TopicPartition("events", 1), new TopicPartition("training-samples", 0)));

            // When its thread polls, Then the poll fails the thread, naming the setting, rather than stall it
            assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("This instance runs with training.enabled=false, but the group's leader,"
                            + " an instance that trains, handed it the trainer's task (partition training-samples-0 of"
                            + " training.samples.topic)")
                    .hasMessageEndingWith("Give every instance the same training.enabled: stop them all to change it");
        }
    }

    @Test
    void shouldPollAsUsualWithoutTheTrainersTask() throws IOException {
        try (StreamThreadConsumer consumer = new StreamThreadConsumer(settings(), "training-samples")) {
            // Given an instance without training holding only events partitions
            consumer.assign(List.of(new TopicPartition("events", 1)));

            // When its thread polls, Then the poll goes on
            assertThat(consumer.poll(Duration.ZERO)).isEmpty();
        }
    }

    /** A consumer of a broker address nothing listens on: neither assignment nor a zero poll needs one. */
    private static Map<String, Object> settings() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                ConsumerConfig.GROUP_ID_CONFIG, "stream-thread-consumer-test",
                ConsumerConfig.CLIENT_ID_CONFIG, "stream-thread-consumer-test");
    }
}
