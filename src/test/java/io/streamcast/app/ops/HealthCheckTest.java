package io.streamcast.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.testing.TestSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HealthCheckTest {

    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 1, List.of(), 0.005);

    @ParameterizedTest
    @EnumSource(KafkaStreams.State.class)
    void shouldBeReadyOnlyWhileTheStreamsAreRunning(KafkaStreams.State state) {
        HealthCheck check = HealthCheck.over(() -> state, () -> null, () -> null).build();

        HealthReport readiness = check.readiness();

        assertThat(readiness.up()).isEqualTo(state == KafkaStreams.State.RUNNING);
        assertThat(readiness.status()).isEqualTo(state == KafkaStreams.State.RUNNING ? "UP" : "DOWN");
        assertThat(readiness.streams()).isEqualTo(state.name());
    }

    @ParameterizedTest
    @EnumSource(KafkaStreams.State.class)
    void shouldBeLiveUnlessTheStreamsFailedOrStopped(KafkaStreams.State state) {
        HealthCheck check = HealthCheck.over(() -> state, () -> null, () -> null).build();

        boolean dead = EnumSet.of(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR,
                KafkaStreams.State.NOT_RUNNING).contains(state);

        assertThat(check.liveness().up()).isEqualTo(!dead);
    }

    @Test
    void shouldReportTheFallbackUntilAModelVersionIsInUse() {
        HealthCheck fallback = HealthCheck.over(() -> KafkaStreams.State.RUNNING, () -> null, () -> null).build();
        ForecastModel model = TestSettings.model("default", 4, SPEC, 4, 1);
        HealthCheck withModel = HealthCheck.over(() -> KafkaStreams.State.RUNNING, () -> model, () -> null).build();

        assertThat(fallback.readiness().forecast()).isEqualTo("persistence");
        assertThat(fallback.readiness().model()).isNull();
        assertThat(withModel.readiness().forecast()).isEqualTo("model");
        assertThat(withModel.readiness().model()).isEqualTo(new HealthReport.ModelInUse("default", 4));
    }

    @Test
    void shouldSayWhetherTheInstanceIsStarting() {
        boolean[] starting = {true};
        HealthCheck check = HealthCheck.over(() -> KafkaStreams.State.REBALANCING, () -> null, () -> null)
                .starting(() -> starting[0]).build();

        assertThat(check.liveness().starting()).isTrue();
        assertThat(check.readiness().starting()).isTrue();
        starting[0] = false;
        assertThat(check.liveness().starting()).isFalse();
        assertThat(check.readiness().starting()).isFalse();
    }

    @Test
    void shouldNameTheErrorThatStoppedTheStreams() {
        HealthCheck check = HealthCheck.over(() -> KafkaStreams.State.ERROR, () -> null,
                () -> new IllegalStateException("disk full")).build();

        assertThat(check.liveness().up()).isFalse();
        assertThat(check.liveness().error()).isEqualTo("disk full");
    }

    /**
     * A stream thread that replaces a failed one waits to join the group, up to a session, while Kafka Streams reads
     * RUNNING and the failed thread's partitions are processed by no one: the instance is live, not ready, and says
     * which thread waits.
     */
    @Test
    void shouldNotBeReadyWhileAStreamThreadWaitsThoughTheStreamsRun() {
        List<String> waiting = new java.util.ArrayList<>(List.of("app-StreamThread-2 CREATED"));
        HealthCheck check = HealthCheck.over(() -> KafkaStreams.State.RUNNING, () -> null, () -> null)
                .threadsNotRunning(() -> List.copyOf(waiting)).build();

        assertThat(check.readiness().up()).isFalse();
        assertThat(check.readiness().streams()).isEqualTo("RUNNING");
        assertThat(check.readiness().waitingThreads()).containsExactly("app-StreamThread-2 CREATED");
        assertThat(check.liveness().up()).isTrue();
        waiting.clear();
        assertThat(check.readiness().up()).isTrue();
        assertThat(check.readiness().waitingThreads()).isEmpty();
    }

    /**
     * The key states' changelog found deleted under a running instance: it commits nothing until restarted, so it is
     * neither ready nor live, naming why, and both come back once the check finds the topic again.
     */
    @Test
    void shouldBeNeitherReadyNorLiveWhileTheKeyStatesChangelogIsFoundDeleted() {
        ChangelogLoss loss = ChangelogLoss.keyStates(new SimpleMeterRegistry());
        HealthCheck check = HealthCheck.over(() -> KafkaStreams.State.RUNNING, () -> null, () -> null)
                .keyStatesLost(loss::reason).build();
        assertThat(check.readiness().up()).isTrue();
        assertThat(check.readiness().keyStatesLost()).isNull();

        loss.found(Optional.of("changelog deleted"));

        assertThat(check.readiness().up()).isFalse();
        assertThat(check.readiness().keyStatesLost()).isEqualTo("changelog deleted");
        assertThat(check.liveness().up()).isFalse();
        assertThat(check.liveness().keyStatesLost()).isEqualTo("changelog deleted");
        loss.found(Optional.empty());
        assertThat(check.readiness().up()).isTrue();
        assertThat(check.liveness().up()).isTrue();
    }

    /**
     * Changelogs of the trainer's stores found deleted under the instance that runs the trainer's task: its stream
     * thread commits nothing, for any of its tasks, until restarted, so it is neither ready nor live, naming why apart
     * from the key states.
     */
    @Test
    void shouldBeNeitherReadyNorLiveWhileTheTrainersChangelogsAreFoundDeleted() {
        List<String> lost = new ArrayList<>();
        HealthCheck check = HealthCheck.over(() -> KafkaStreams.State.RUNNING, () -> null, () -> null)
                .trainerStoresLost(() -> lost.stream().findFirst()).build();
        assertThat(check.readiness().up()).isTrue();
        assertThat(check.readiness().trainerStoresLost()).isNull();

        lost.add("trainer changelog deleted");

        assertThat(check.readiness().up()).isFalse();
        assertThat(check.readiness().trainerStoresLost()).isEqualTo("trainer changelog deleted");
        assertThat(check.readiness().keyStatesLost()).isNull();
        assertThat(check.liveness().up()).isFalse();
        assertThat(check.liveness().trainerStoresLost()).isEqualTo("trainer changelog deleted");
        lost.clear();
        assertThat(check.readiness().up()).isTrue();
        assertThat(check.liveness().up()).isTrue();
    }
}
