package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** What {@code run} prints as it stops on SIGTERM. */
class StoppedOnRequestTest {

    @Test
    void shouldReportAStopWhenKafkaStreamsStopped() {
        assertThat(RunCommand.stoppedOnRequest(KafkaStreams.State.NOT_RUNNING, Duration.ofSeconds(30)))
                .isEqualTo("Streamcast stopped on request: Kafka Streams is in state NOT_RUNNING");
    }

    @Test
    void shouldReportACloseCutShortNamingTheStateAndTheSettingWhenKafkaStreamsHadNotStopped() {
        assertThat(RunCommand.stoppedOnRequest(KafkaStreams.State.PENDING_SHUTDOWN, Duration.ofSeconds(30)))
                .isEqualTo("Streamcast stopped on request before Kafka Streams had closed: it is in state"
                        + " PENDING_SHUTDOWN after close.timeout.ms (30000 ms)");
    }

    @Test
    void shouldFlushTheStopBeforeTheStartAsTheJvmHaltsOnceTheHookReturns() {
        // Given a stream that holds what it is given until flushed
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new BufferedOutputStream(written), false, StandardCharsets.UTF_8);

        RunCommand.sayStoppedBeforeTheStart(err);

        assertThat(written.toString(StandardCharsets.UTF_8))
                .isEqualTo("Streamcast stopped on request before it started" + System.lineSeparator());
    }
}
