package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    private final AtomicLong now = new AtomicLong(1_000_000L);
    private final StreamThreadFailures failures = new StreamThreadFailures(now::get);

    /** As the kill -9 soak met it: a rebalance while the only broker restarted could not create a changelog. */
    private static Throwable fencedBroker() {
        return new StreamsException("Could not create topic streamcast-key-state-changelog.",
                new InvalidReplicationFactorException("Unable to replicate the partition 1 time(s): All brokers are"
                        + " currently fenced, or have all their log directories cordoned."));
    }

    /** Kafka Streams cannot replace its global thread: the instance must stop, saying why, not log a replacement. */
    @Test
    void shouldStopTheInstanceWhenTheGlobalThreadFailsEvenWhileTheClusterIsAway() {
        StreamThreadFailures failures = new StreamThreadFailures(() -> 0L);

        assertThat(failures.respond(fencedBroker(), "streamcast-1-GlobalStreamThread"))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.respond(fencedBroker(), "streamcast-1-StreamThread-1"))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldReplaceAThreadThatFailedWhileTheBrokersWereFencedOrUnreachable() {
        assertThat(failures.respond(fencedBroker())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.respond(new StreamsException(new TimeoutException("metadata"))))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldStopTheInstanceOnAnyOtherError() {
        assertThat(failures.respond(new StreamsException(new IllegalStateException("a bug"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.respond(new OutOfMemoryError())).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    /** Five replacements within ten minutes; a sixth stops the instance; once the first ages out, one more. */
    @Test
    void shouldStopTheInstanceWhenTheClusterStaysAway() {
        for (int i = 0; i < 5; i++) {
            assertThat(failures.respond(fencedBroker())).as("replacement %d", i + 1)
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.addAndGet(60_000);
        }
        assertThat(failures.respond(fencedBroker())).as("a sixth within ten minutes")
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);

        now.set(1_000_000L + 600_000L);
        assertThat(failures.respond(fencedBroker())).as("ten minutes after the first")
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
