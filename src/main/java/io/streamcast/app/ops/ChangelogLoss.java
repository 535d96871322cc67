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

    private volatile String reason;

    private ChangelogLoss(MeterRegistry registry, String gauge, String description) {
        Gauge.builder(gauge, this, loss -> loss.reason == null ? 0 : 1)
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
     * check that cannot reach the broker gives nothing, so the finding stands through an outage.
     */
    public void found(Optional<String> lost) {
        reason = lost.orElse(null);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}
