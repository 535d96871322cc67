package io.streamcast.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangelogLossTest {

    private static final String GAUGE = "streamcast.trainer.changelog.missing";

    /**
     * A trainer's changelog found deleted while another instance ran the trainer's task: the gauge says it, but this
     * instance was not stalled, and once the task moves here (after the stalled one's restart made the topics again)
     * its health reports must not fail on that finding, or each instance the task moves to is restarted in turn.
     */
    @Test
    void shouldKeepAFindingMadeWhileAnotherInstanceRanTheTaskOutOfTheReasonWhereStalled() {
        MeterRegistry registry = new SimpleMeterRegistry();
        ChangelogLoss loss = ChangelogLoss.trainerStores(registry);

        loss.found(Optional.of("deleted"), false);

        assertThat(registry.get(GAUGE).gauge().value()).isEqualTo(1.0);
        assertThat(loss.reason()).contains("deleted");
        assertThat(loss.reasonWhereStalled()).isEmpty();

        loss.found(Optional.of("deleted"), true);
        assertThat(loss.reasonWhereStalled()).contains("deleted");

        loss.found(Optional.empty(), true);
        assertThat(registry.get(GAUGE).gauge().value()).isEqualTo(0.0);
        assertThat(loss.reasonWhereStalled()).isEmpty();
    }

    @Test
    void shouldTakeAKeyStatesFindingAsStallingThisInstance() {
        ChangelogLoss loss = ChangelogLoss.keyStates(new SimpleMeterRegistry());

        loss.found(Optional.of("deleted"));

        assertThat(loss.reasonWhereStalled()).contains("deleted");
    }
}
