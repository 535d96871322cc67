package io.streamcast.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.ops.ChangelogLoss;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The running check's findings of the trainer's stores' changelogs are recorded with whether this instance runs the
 * trainer's task as each is found: only that instance stops committing, and the health reports of every other one
 * would have an orchestrator restart it for nothing.
 */
class TopicLimitsRefreshTrainerFindingsTest {

    private static final String DELETED = "Topics [app-trainer-progress-changelog] do not exist";

    @Test
    void shouldRecordEachFindingWithWhetherThisInstanceRunsTheTrainersTaskAsItIsFound() {
        ChangelogLoss loss = ChangelogLoss.trainerStores(new SimpleMeterRegistry());
        boolean[] runsTrainer = {false};
        Consumer<Optional<String>> findings = TopicLimitsRefresh.trainerFindings(loss, () -> runsTrainer[0]);

        findings.accept(Optional.of(DELETED));
        assertThat(loss.reason()).contains(DELETED);
        assertThat(loss.reasonWhereStalled()).as("found while another instance runs the task").isEmpty();

        runsTrainer[0] = true;
        findings.accept(Optional.of(DELETED));
        assertThat(loss.reasonWhereStalled()).as("found while this instance runs the task").contains(DELETED);

        runsTrainer[0] = false;
        findings.accept(Optional.of(DELETED));
        assertThat(loss.reasonWhereStalled()).as("found after the task moved to another instance").isEmpty();
    }
}
