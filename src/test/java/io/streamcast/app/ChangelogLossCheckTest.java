package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.ops.ChangelogLoss;
import io.streamcast.app.ops.HealthCheck;
import io.streamcast.testing.LogCapture;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class ChangelogLossCheckTest {

    private static final String SUBJECT = "that topic app-key-state-changelog, which keeps the key states, was"
            + " not deleted";
    private static final String DELETED = "Topic app-key-state-changelog, the key states' changelog, was deleted";
    private static final String CANNOT = "Cannot check " + SUBJECT + ": Timed out waiting for a"
            + " node assignment. Call: listTopics; what the last check found holds until a check can tell";

    private static final String THERE = "there";
    private static final String AWAY = "away";

    /** What each check gives, in turn: a reason, {@link #THERE}, or {@link #AWAY} for a check that cannot tell. */
    private final Deque<String> checks = new ArrayDeque<>();

    private Optional<String> next() throws ExecutionException {
        String check = checks.removeFirst();
        if (check.equals(AWAY)) {
            throw new ExecutionException(new TimeoutException("Timed out waiting for a node assignment. Call:"
                    + " listTopics"));
        }
        return check.equals(THERE) ? Optional.empty() : Optional.of(check);
    }

    /**
     * A changelog found deleted, then checks that cannot reach the broker: they cleared the finding, so the probes
     * answered 200 and the gauge read 0 again though nothing was mended, and each warned. The finding now stands, said
     * once for the outage; a check that can tell again clears it, and a later outage is said again.
     */
    @Test
    void shouldKeepTheLastFindingWhileAChecksCannotTellAndSayItOncePerOutage() {
        MeterRegistry registry = new SimpleMeterRegistry();
        ChangelogLoss loss = ChangelogLoss.keyStates(registry);
        HealthCheck health = HealthCheck.over(() -> KafkaStreams.State.RUNNING, () -> null, () -> null)
                .keyStatesLost(loss::reason).build();
        ChangelogLossCheck check = new ChangelogLossCheck(SUBJECT, this::next, loss::found);
        checks.addAll(List.of(DELETED, AWAY, AWAY, AWAY, THERE, AWAY));

        try (LogCapture log = LogCapture.of(TopicLimitsRefresh.class)) {
            check.run();
            check.run();
            check.run();
            check.run();

            assertThat(loss.reason()).contains(DELETED);
            assertThat(registry.get("streamcast.key.state.changelog.missing").gauge().value()).isEqualTo(1.0);
            assertThat(health.readiness().up()).isFalse();
            assertThat(health.liveness().up()).isFalse();
            assertThat(log.warnings()).containsExactly(CANNOT);

            check.run();
            assertThat(loss.reason()).isEmpty();
            assertThat(registry.get("streamcast.key.state.changelog.missing").gauge().value()).isEqualTo(0.0);
            assertThat(log.messages()).contains("Can check again " + SUBJECT);

            check.run();
            assertThat(loss.reason()).isEmpty();
            assertThat(log.warnings()).containsExactly(CANNOT, CANNOT);
        }
    }
}
