package io.streamcast.stream;

import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.InvalidModelException;
import io.streamcast.predict.ModelSnapshotCodec;
import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.TrainingRoundReport;
import io.streamcast.training.TrainerSettings;
import io.streamcast.training.TrainingRound;
import io.streamcast.training.TrainingSchedule;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of a training round whose end the trainer records: settled as the end is recorded (the round's metrics,
 * its report and any winner, kept in the trainer's store until written, {@link PendingOutcome}), then written in a
 * later transaction of the task: its report to the training-rounds topic and, for a better candidate, its publication
 * to the models topic.
 */
final class RoundOutcomeWriter {

    /** The trainer's logger: these lines are the trainer's, and logging settings and log readers know them by it. */
    private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);

    private final ProcessorContext<byte[], byte[]> context;
    private final StreamcastTopics topics;
    private final ModelCatalog models;
    private final TrainingSchedule schedule;
    private final StreamcastMetrics metrics;
    private final InputSpec spec;
    private final TrainerSettings settings;

    /**
     * @param spec     the configured input spec, which a published model must fit
     * @param settings the trainer's settings, whose network size a published model must have
     */
    RoundOutcomeWriter(ProcessorContext<byte[], byte[]> context, StreamcastTopics topics, ModelCatalog models,
                       TrainingSchedule schedule, StreamcastMetrics metrics, InputSpec spec,
                       TrainerSettings settings) {
        this.spec = spec;
        this.settings = settings;
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
     * The outcome of {@code ended}, to be kept until it is written ({@link PendingOutcome}): its report, as if its
     * candidate were not published, and, for a candidate better than its champion, that candidate, without a version.
     * Counts the round in the metrics and says its verdict.
     */
    PendingOutcome.Outcome settle(EndedRound ended) {
        TrainingRound.Outcome outcome;
        try {
            outcome = ended.outcome().get();
        } catch (Exception e) {
            LOG.error("Training round failed", e);
            metrics.trainingRound(RoundReports.FAILED, 0L, Double.NaN, Double.NaN, Double.NaN);
            return new PendingOutcome.Outcome(RoundReports.failed(models.modelName(), ended.startedAt(),
                    ended.millis(), ended.windows(), ended.keys(), ended.championVersion(),
                    e.getCause() == null ? e : e.getCause()), null);
        }
        metrics.trainingRound(RoundReports.verdict(outcome.verdict()), outcome.durationMillis(),
                outcome.trainLoss(), outcome.candidateLoss(), outcome.referenceLoss());
        TrainingRoundReport report = RoundReports.finished(models.modelName(), ended.startedAt(), ended.keys(),
                ended.championVersion(), outcome, 0);
        if (outcome.verdict() != TrainingRound.Verdict.PUBLISH) {
            LOG.info("Candidate not published ({}): held-out loss {} against {} in {} ms; candidates: {}",
                    outcome.verdict(), outcome.candidateLoss(), outcome.referenceLoss(), outcome.durationMillis(),
                    outcome.candidates());
            return new PendingOutcome.Outcome(report, null);
        }
        LOG.info("Candidate reading {} beat {}: held-out loss {} against {} after {} epochs in {} ms; candidates: {}",
                TrainingRound.describe(outcome.spec()),
                ended.champion() == null ? "the fallback" : "version " + ended.championVersion(),
                outcome.candidateLoss(), outcome.referenceLoss(), outcome.report().getEpochs(),
                outcome.durationMillis(), outcome.candidates());
        // the version a winner gets is the one after the newest when it is published: an aborted publication
        // then takes no version with it
        ModelSnapshot winner = ModelSnapshotCodec.toSnapshot(new ForecastModel(models.modelName(), 1,
                context.currentSystemTimeMs(), outcome.spec(), outcome.network(), outcome.report()));
        winner.setVersion(0);
        return new PendingOutcome.Outcome(report, winner);
    }

    /**
     * Writes {@code outcome}'s report and, unless a newer model than its champion is known, the publication of its
     * winner.
     *
     * @param newest the newest model the trainer knows, which a round starting now would be judged against, or null
     * @return the model published, or null when none was
     */
    ForecastModel write(PendingOutcome.Outcome outcome, ForecastModel newest) {
        TrainingRoundReport report = outcome.report();
        ModelSnapshot winner = outcome.winner();
        if (winner == null) {
            report(report);
            return null;
        }
        String round = "the round started at " + report.getStartedAt();
        if (!winner.getName().equals(models.modelName())) {
            LOG.warn("Not publishing the winner of {}: it was trained for model {}, and the trainer now trains {}",
                    round, winner.getName(), models.modelName());
            report(report);
            return null;
        }
        long judgedAgainst = report.getReferenceVersion();
        if (newest != null && newest.version() > judgedAgainst) {
            // published by hand or by a trainer elsewhere since the round started: the winner was never compared with
            // it, and replacing it unjudged could put a worse model in use; the next round is judged against it
            LOG.warn("Not publishing the winner of {}: version {} came into use after the round started, and the"
                    + " winner was judged against {} only", round, newest.version(),
                    judgedAgainst == 0 ? "the fallback" : "version " + judgedAgainst);
            report(report);
            return null;
        }
        ForecastModel candidate;
        try {
            candidate = ModelSnapshotCodec.fromSnapshot(ModelSnapshot.newBuilder(winner).setVersion(1).build());
        } catch (InvalidModelException e) {
            LOG.warn("Not publishing the winner of {}: {}", round, e.getMessage());
            report(report);
            return null;
        }
        if (!candidate.spec().sameShape(spec)) {
            LOG.warn("Not publishing the winner of {}: it was trained for inputs other than those configured: {}",
                    round, candidate.spec().shapeDifferences(spec));
            report(report);
            return null;
        }
        if (candidate.network().hiddenSize() != settings.hiddenSize()
                || candidate.network().layers() != settings.layers()) {
            // kept by a trainer of other settings: start-up measured the configured size against the record limits,
            // and an operator who changed it (a state too long to send, say) would get the old size back in use
            LOG.warn("Not publishing the winner of {}: it has {} layer(s) of {} hidden units, and the trainer now"
                    + " trains {} of {} (model.layers, model.hidden.size)", round, candidate.network().layers(),
                    candidate.network().hiddenSize(), settings.layers(), settings.hiddenSize());
            report(report);
            return null;
        }
        schedule.versionsOf(models.modelName());
        // the version judged against was in use as the round started, and keys' states were built with it: a models
        // store that no longer has it (the topic made again) must not take the winner's version below it; nor may a
        // version read and refused here take its number, which other instances may have in use
        long newestKnown = Math.max(judgedAgainst, models.newestRead());
        if (!schedule.versionLeft(newestKnown)) {
            sayNoVersionLeft(judgedAgainst);
            report(report);
            return null;
        }
        long version = schedule.publishVersion(newestKnown);
        ForecastModel published = candidate.withVersion(version, context.currentSystemTimeMs(), candidate.training());
        publish(published);
        report(TrainingRoundReport.newBuilder(report).setPublishedVersion(version).build());
        // written, not yet committed: a crash before the task's commit aborts it, and a later round takes the version
        LOG.info("Publishing model {} version {} reading {}: held-out loss {} against {} ({}) after {} epochs in {} ms;"
                        + " in use once this task commits", models.modelName(), version,
                TrainingRound.describe(published.spec()), report.getCandidateLoss(), report.getReferenceLoss(),
                judgedAgainst == 0 ? "fallback" : "version " + judgedAgainst, published.training().getEpochs(),
                report.getDurationMs());
        return published;
    }

    /**
     * Says why no version is left to publish: the model's versions used up, or a record of the largest version read
     * and refused here (a record spoilt, or published by hand for other settings), whose number a publication may not
     * go above and may not take. Only the latter can be mended under the same model.name, by deleting that record.
     */
    private void sayNoVersionLeft(long judgedAgainst) {
        String name = models.modelName();
        long largest = ForecastModel.MAX_VERSION;
        if (models.refusedAhead(largest) && schedule.versionLeft(judgedAgainst)) {
            LOG.error("Not publishing the round's winner: a record of model {} version {}, the largest a version may"
                    + " have, is on the models topic and was refused here (the warning that refused it says why), and"
                    + " no version is left above it. Delete it, with a tombstone under its key {}, for the trainer to"
                    + " publish again", name, largest, ModelKeys.of(name, largest));
            return;
        }
        LOG.error("Not publishing the round's winner: model {} has reached version {}, the largest a version may"
                + " have. Train under another model.name to publish again", name, largest);
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
