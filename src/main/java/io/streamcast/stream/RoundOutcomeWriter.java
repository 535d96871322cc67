package io.streamcast.stream;

import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.training.TrainingRound;
import io.streamcast.training.TrainingSchedule;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outcome of a training round whose end the trainer has recorded: the round's metrics, its report to the
 * training-rounds topic and, for a better candidate, its publication to the models topic, all in the task's
 * transaction.
 */
final class RoundOutcomeWriter {

    /** The trainer's logger: these lines are the trainer's, and logging settings and log readers know them by it. */
    private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);

    private final ProcessorContext<byte[], byte[]> context;
    private final StreamcastTopics topics;
    private final ModelCatalog models;
    private final TrainingSchedule schedule;
    private final StreamcastMetrics metrics;

    RoundOutcomeWriter(ProcessorContext<byte[], byte[]> context, StreamcastTopics topics, ModelCatalog models,
                       TrainingSchedule schedule, StreamcastMetrics metrics) {
        this.context = context;
        this.topics = topics;
        this.models = models;
        this.schedule = schedule;
        this.metrics = metrics;
    }

    /**
     * A round whose end is recorded: its outcome, and what its report says of it besides.
     *
     * @param champion  the model the round's candidates were judged against, or null for the fallback
     * @param startedAt when the round started
     * @param millis    how long the round ran, as the tick that recorded its end saw
     * @param windows   the windows the round started on
     * @param keys      the keys those windows came from
     */
    record EndedRound(Future<TrainingRound.Outcome> outcome, ForecastModel champion, long startedAt, long millis,
                      int windows, int keys) {

        long championVersion() {
            return champion == null ? 0 : champion.version();
        }
    }

    /**
     * Writes the report, and the publication of a better candidate, of {@code ended}.
     *
     * @param roundOver ends the round on the trainer's side, once its outcome is known and before its report is written
     * @return the model published, or null when none was
     */
    ForecastModel write(EndedRound ended, Runnable roundOver) {
        TrainingRound.Outcome outcome;
        try {
            outcome = ended.outcome().get();
        } catch (Exception e) {
            LOG.error("Training round failed", e);
            metrics.trainingRound(RoundReports.FAILED, 0L, Double.NaN, Double.NaN, Double.NaN);
            roundOver.run();
            report(RoundReports.failed(models.modelName(), ended.startedAt(), ended.millis(), ended.windows(),
                    ended.keys(), ended.championVersion(), e.getCause() == null ? e : e.getCause()));
            return null;
        }
        roundOver.run();
        metrics.trainingRound(RoundReports.verdict(outcome.verdict()), outcome.durationMillis(),
                outcome.trainLoss(), outcome.candidateLoss(), outcome.referenceLoss());
        if (outcome.verdict() != TrainingRound.Verdict.PUBLISH) {
            LOG.info("Candidate not published ({}): held-out loss {} against {} in {} ms; candidates: {}",
                    outcome.verdict(), outcome.candidateLoss(), outcome.referenceLoss(), outcome.durationMillis(),
                    outcome.candidates());
            report(finished(ended, outcome, 0));
            return null;
        }
        ForecastModel inUse = models.current();
        if (inUse != null && inUse.version() > ended.championVersion()) {
            // published by hand or by a trainer elsewhere while the round ran: the winner was never compared with it,
            // and replacing it unjudged could put a worse model in use; the next round is judged against it
            LOG.warn("Not publishing the round's winner: version {} came into use during the round, and the winner"
                    + " was judged against {} only", inUse.version(),
                    ended.champion() == null ? "the fallback" : "version " + ended.championVersion());
            report(finished(ended, outcome, 0));
            return null;
        }
        schedule.versionsOf(models.modelName());
        if (!schedule.versionLeft(models.current())) {
            LOG.error("Not publishing the round's winner: model {} has reached version {}, the largest a version may"
                    + " have. Train under another model.name to publish again", models.modelName(),
                    ForecastModel.MAX_VERSION);
            report(finished(ended, outcome, 0));
            return null;
        }
        long version = schedule.publishVersion(models.current());
        ForecastModel published = new ForecastModel(models.modelName(), version, context.currentSystemTimeMs(),
                outcome.spec(), outcome.network(), outcome.report());
        publish(published);
        report(finished(ended, outcome, version));
        // written, not yet committed: a crash before the task's commit aborts it, and a later round takes the version
        LOG.info("Publishing model {} version {} reading {}: held-out loss {} against {} ({}) after {} epochs in {} ms;"
                        + " candidates: {}; in use once this task commits", models.modelName(), version,
                TrainingRound.describe(outcome.spec()),
                outcome.candidateLoss(), outcome.referenceLoss(),
                ended.champion() == null ? "fallback" : "version " + ended.champion().version(),
                outcome.report().getEpochs(), outcome.durationMillis(), outcome.candidates());
        return published;
    }

    private TrainingRoundReport finished(EndedRound ended, TrainingRound.Outcome outcome, long publishedVersion) {
        return RoundReports.finished(models.modelName(), ended.startedAt(), ended.keys(), ended.championVersion(),
                outcome, publishedVersion);
    }

    /**
     * Writes the model under its version's own key ({@link ModelKeys}) and a copy under the bare name, which instances
     * of earlier releases read (during a rolling upgrade or after a rollback) and this release passes over; then
     * retires with a tombstone the version this trainer published before the two newest, so the topic keeps only the
     * one published and the one before it, for an instance that refuses the new one; not while it is in use here.
     */
    private void publish(ForecastModel published) {
        String name = models.modelName();
        long now = context.currentSystemTimeMs();
        byte[] snapshot = topics.models().serializeValue(ModelSnapshotCodec.toSnapshot(published));
        context.forward(new Record<>(ModelKeys.of(name, published.version()).getBytes(StandardCharsets.UTF_8),
                snapshot, now), StreamcastTopology.MODELS_SINK);
        context.forward(new Record<>(name.getBytes(StandardCharsets.UTF_8), snapshot, now),
                StreamcastTopology.MODELS_SINK);
        long retired = schedule.retiredVersion();
        ForecastModel inUse = models.current();
        // the two publications after it were refused here (by a limit on the key states that fell while the instance
        // ran, say) and it is still in use: compaction would take it from the instances that restart
        if (retired > 0 && (inUse == null || inUse.version() != retired)) {
            context.forward(new Record<byte[], byte[]>(ModelKeys.of(name, retired).getBytes(StandardCharsets.UTF_8),
                    null, now), StreamcastTopology.MODELS_SINK);
        }
    }

    private void report(TrainingRoundReport report) {
        context.forward(new Record<>(models.modelName().getBytes(StandardCharsets.UTF_8),
                topics.trainingRounds().serializeValue(report), context.currentSystemTimeMs()),
                StreamcastTopology.TRAINING_ROUNDS_SINK);
    }
}
