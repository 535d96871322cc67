package io.streamcast.app.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * Whether the running check last found changelogs deleted under this instance, and why, for a gauge and the health
 * reports: those of the key states ({@link #keyStates}), or of the trainer's stores ({@link #trainerStores}). Why: a
 * stream thread whose task writes to a deleted changelog waits for the topic without end, so it commits nothing while
 * Kafka Streams reads RUNNING; only a restart mends it.
 */
public final class ChangelogLoss {

    /** What the last check that could tell found: why a changelog is missing (null while none is). */
    private record Finding(String reason, boolean stalledHere) {
    }

    private volatile Finding finding = new Finding(null, false);

    private ChangelogLoss(MeterRegistry registry, String gauge, String description) {
        Gauge.builder(gauge, this, loss -> loss.finding.reason() == null ? 0 : 1)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    /** The key states' changelog's, with the gauge {@code streamcast.key.state.changelog.missing}. */
    public static ChangelogLoss keyStates(MeterRegistry registry) {
        return new ChangelogLoss(registry, "streamcast.key.state.changelog.missing", "1 while the key states'"
                + " changelog is found deleted under this running instance, which then commits nothing until it is"
                + " restarted, else 0");
    }

    /**
     * The trainer's stores' changelogs', with the gauge {@code streamcast.trainer.changelog.missing}. Every instance
     * checks the topics and shows it in the gauge, while only the one that runs the trainer's task stops committing:
     * the health reports follow it there alone ({@link HealthCheck#of}), or an orchestrator would restart every
     * instance.
     */
    public static ChangelogLoss trainerStores(MeterRegistry registry) {
        return new ChangelogLoss(registry, "streamcast.trainer.changelog.missing", "1 while changelogs of the"
                + " trainer's stores are found deleted under this running instance: the trainer's progress is lost,"
                + " and the instance that runs it commits nothing until it is restarted, else 0");
    }

    /**
     * What the last check that could tell found: the reason while a changelog is missing, empty once it is there. A
     * check that cannot reach the broker gives nothing, so the finding stands through an outage. Taken as stalling this
     * instance, as a deleted key states' changelog stalls every instance.
     */
    public void found(Optional<String> lost) {
        found(lost, true);
    }

    /**
     * As {@link #found(Optional)}, with whether this instance ran, as it was found, the task whose stream thread the
     * loss stalls (the trainer's): one that takes the task over later, once a restart of the one stalled has made the
     * topics again, is not stalled, and a finding it made before, said by its health reports, had it restarted in turn.
     */
    public void found(Optional<String> lost, boolean stalledHere) {
        finding = new Finding(lost.orElse(null), stalledHere);
    }

    /** The reason while a changelog is found missing, for the gauge; empty once it is there. */
    public Optional<String> reason() {
        return Optional.ofNullable(finding.reason());
    }

    /** The reason while a changelog is found missing and stalled this instance as it was found; else empty. */
    public Optional<String> reasonWhereStalled() {
        Finding now = finding;
        return now.stalledHere() ? Optional.ofNullable(now.reason()) : Optional.empty();
    }
}
