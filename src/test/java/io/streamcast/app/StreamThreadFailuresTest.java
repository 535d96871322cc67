package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.serde.SchemaMismatchException;
import io.streamcast.serde.SchemaRegistryCredentialsRefusedException;
import io.streamcast.serde.SchemaRegistryException;
import io.streamcast.serde.SchemaRegistryUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
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

    /**
     * As the stream thread meets a registry outage: the record's writer schema could not be fetched (503, or no answer
     * within the call timeout), the processing handler failed the task, and Kafka Streams wrapped the failure.
     */
    private static Throwable registryAway(SchemaRegistryException why) {
        return new StreamsException("Failed to process record in task 0_0",
                new StreamsException("Exception caught in process",
                        new SchemaRegistryUnavailableException("Cannot decode Event: writer schema id 7 is not"
                                + " available: " + why.getMessage(), why)));
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
    void shouldReplaceAThreadThatFailedWhileTheSchemaRegistryCouldNotBeReached() {
        assertThat(failures.respond(registryAway(new SchemaRegistryException("HTTP 503", 503, 503))))
                .as("the registry answered 503").isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.respond(registryAway(new SchemaRegistryException(
                "schema.registry.call.timeout.ms (5000 ms) ran out"))))
                .as("no answer within the call timeout").isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    /**
     * A registry that answered that the schema does not exist has spoken about the record, not been away: such a
     * record is dead-lettered, and should its failure ever reach a thread, replacing the thread would only meet it
     * again.
     */
    @Test
    void shouldStopTheInstanceWhenTheRegistryAnsweredThatTheSchemaDoesNotExist() {
        SchemaRegistryException notFound = new SchemaRegistryException("Schema 7 not found", 404,
                SchemaRegistryException.SCHEMA_NOT_FOUND);

        assertThat(failures.respond(new StreamsException(new SchemaMismatchException("writer schema id 7 is not"
                + " available: Schema 7 not found", notFound))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    /**
     * A registry that refused the credentials (401: none, wrong or revoked; 403: not allowed) refuses them to every
     * thread that replaces this one, each after a rebalance: the instance stops at once, saying why.
     */
    @Test
    void shouldStopTheInstanceAtOnceWhenTheRegistryRefusedTheCredentials() {
        for (int status : new int[] {401, 403}) {
            SchemaRegistryException refused = new SchemaRegistryException("Fetching schema id 7 failed at"
                    + " http://registry:8081: HTTP " + status, status, status);
            Throwable failure = new StreamsException("Failed to process record in task 0_0",
                    new StreamsException("Exception caught in process",
                            new SchemaRegistryCredentialsRefusedException("Cannot decode Event: writer schema id 7 is"
                                    + " not available: " + refused.getMessage(), refused)));

            assertThat(failures.respond(failure)).as("HTTP %d", status)
                    .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        }
        assertThat(failures.respond(registryAway(new SchemaRegistryException("HTTP 503", 503, 503))))
                .as("not counted as replacements: a passing outage is still ridden out")
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    /** A registry that stays away is no more passing than a cluster that does. */
    @Test
    void shouldStopTheInstanceWhenTheSchemaRegistryStaysAway() {
        Throwable away = registryAway(new SchemaRegistryException("HTTP 503", 503, 503));
        for (int i = 0; i < 5; i++) {
            assertThat(failures.respond(away)).as("replacement %d", i + 1)
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.addAndGet(1_000);
        }

        assertThat(failures.respond(away)).as("a sixth within ten minutes")
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
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

    /** As a restarted static member meets it under the streams protocol, from its consumer's heartbeat. */
    private static Throwable idHeld() {
        return new StreamsException(new UnreleasedInstanceIdException("Static member m2 with instance id pod-0-1"
                + " cannot join the group because the instance id is owned by m1 member."));
    }

    /**
     * The broker holds the id of a member that ended without a close until its session times out: each refused
     * thread is replaced after a pause of 1, 2, 4 then 5 s, passing the time, and the wait is not counted among the
     * five replacements an outage may spend, up to two minutes after the first refusal.
     */
    @Test
    void shouldReplaceAThreadRefusedAHeldInstanceIdAfterPausesUntilTwoMinutesHavePassed() {
        List<Long> pauses = new ArrayList<>();
        StreamThreadFailures failures = new StreamThreadFailures(now::get, millis -> {
            pauses.add(millis);
            now.addAndGet(millis);
        });
        long first = now.get();

        while (now.get() - first < 120_000) {
            assertThat(failures.respond(idHeld(), "streamcast-1-StreamThread-1")).as("refusal after %d ms",
                    now.get() - first).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }

        assertThat(pauses).startsWith(1_000L, 2_000L, 4_000L, 5_000L, 5_000L).hasSize(3 + 23);
        assertThat(failures.respond(idHeld(), "streamcast-1-StreamThread-1")).as("two minutes after the first")
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        for (int i = 0; i < 5; i++) {
            assertThat(failures.respond(fencedBroker())).as("an outage's replacement %d", i + 1)
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
    }

    /** A member refused again long after its last refusal (another kill) waits afresh. */
    @Test
    void shouldWaitAfreshForAnIdHeldAgainAfterALongQuiet() {
        StreamThreadFailures failures = new StreamThreadFailures(now::get, now::addAndGet);
        assertThat(failures.respond(idHeld())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        now.addAndGet(100_000);
        assertThat(failures.respond(idHeld())).as("within two minutes of the first")
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);

        now.addAndGet(121_000);

        assertThat(failures.respond(idHeld())).as("two minutes after the last")
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
