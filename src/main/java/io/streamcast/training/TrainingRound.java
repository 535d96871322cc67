package io.streamcast.training;

import io.streamcast.lstm.CpuShare;
import io.streamcast.lstm.LstmModel;
import io.streamcast.lstm.LstmTrainer;
import io.streamcast.lstm.TrainingResult;
import io.streamcast.lstm.TrainingSettings;
import io.streamcast.lstm.Window;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.schema.TrainingReport;
import io.streamcast.schema.TrainingSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of champion/challenger training, free of Kafka so that the stream's trainer and the offline
 * evaluators train alike.
 *
 * <p>The round splits its windows by time ({@link WindowSplit}): the oldest train candidates, later ones decide
 * when each candidate's training stops, and the latest, kept apart from both by a gap, judge the candidates and
 * the model in use (or, before there is one, the persistence fallback the predictor would otherwise keep using)
 * in the units they all share ({@link ForecastJudge}). The best candidate is published only if, on the same
 * judging windows, it beats what is in use by the improvement margin and by more than chance. Since nothing the
 * judge sees has shaped a candidate, a candidate that learnt nothing (noise, say) does not look better than it is.
 *
 * <p>Candidates differ in how they read the data ({@link ModelChoices}: calendar inputs and value transform): the
 * first round tries every choice, later rounds retrain the choice in use and try one other, in turn, so a model's
 * inputs follow what wins on held-out data while a round costs at most two trainings.
 */
public final class TrainingRound {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRound.class);

    /** What a round decided. */
    public enum Verdict {
        /** The candidate is better by the margin: publish it. */
        PUBLISH,
        /** The candidate is not better than what is in use. */
        NOT_BETTER,
        /** A loss became NaN or infinite; the candidate is discarded. */
        DIVERGED,
        /** Too few usable windows to train and validate. */
        TOO_FEW_SAMPLES
    }

    /**
     * @param network        the candidate network (null unless PUBLISH)
     * @param spec           how the best candidate reads the data (null when none was trained)
     * @param report         the training report a published snapshot carries (null unless PUBLISH)
     * @param candidateLoss  the best candidate's held-out error (NaN when not trained)
     * @param referenceLoss  the held-out error of what it had to beat: the model in use, or the fallback
     * @param candidates     each candidate's choices and held-out error, for the training log
     */
    public record Outcome(Verdict verdict, LstmModel network, InputSpec spec, TrainingReport report,
                          double candidateLoss, double referenceLoss, double trainLoss, int samples,
                          long durationMillis, String candidates) {
    }

    /** Candidates that get a full training in one round. */
    static final int FINALISTS = 2;

    private final InputSpec spec;
    private final TrainerSettings settings;
    private final CpuShare cpu;

    /** @param spec the application's configured shape; candidates vary its calendar inputs and transform */
    public TrainingRound(InputSpec spec, TrainerSettings settings) {
        this(spec, settings, CpuShare.UNLIMITED);
    }

    /** @param cpu the most CPU the round's trainings may take */
    public TrainingRound(InputSpec spec, TrainerSettings settings, CpuShare cpu) {
        this.spec = spec;
        this.settings = settings;
        this.cpu = cpu;
    }

    /**
     * Trains and judges candidates; {@code champion} is the model in use, or null.
     *
     * @throws InterruptedException when the calling thread is interrupted, e.g. at shutdown
     */
    public Outcome run(List<TrainingSample> samples, ForecastModel champion) throws InterruptedException {
        return run(samples, champion, 0);
    }

    /**
     * @param challenger the turn of the round among the rounds with a champion, counted from 0: which of the other
     *                   choices it tries beside the champion's. The caller keeps the count (the stream's trainer
     *                   with its schedule, in a changelogged store), so a restart goes on with the next choice
     *                   instead of trying the first again.
     */
    public Outcome run(List<TrainingSample> samples, ForecastModel champion, long challenger)
            throws InterruptedException {
        long start = System.currentTimeMillis();
        List<SampleSeries> usable = new ArrayList<>(samples.size());
        for (TrainingSample sample : samples) {
            SampleSeries series = SampleSeries.decode(sample, spec.valueDimension(), spec.scalerDecay());
            if (series != null) {
                usable.add(series);
            }
        }
        if (usable.size() < samples.size()) {
            // kept in the training set (the trainer cannot tell them at storing), so said at every round
            LOG.warn("Left out {} of the round's {} training windows, which no predictor of these settings sends:"
                    + " another value dimension, counts or values their bytes cannot hold, or scaling statistics that"
                    + " overflow or hold a negative variance", samples.size() - usable.size(), samples.size());
        }
        WindowSplit split = WindowSplit.byTime(usable, settings.validationFraction(), settings.gapEvents());
        int burnIn = settings.training().burnInSteps();
        if (!hasTargets(split.train(), burnIn) || !hasTargets(split.earlyStop(), burnIn)
                || !hasTargets(split.judge(), burnIn)) {
            return new Outcome(Verdict.TOO_FEW_SAMPLES, null, null, null, Double.NaN, Double.NaN, Double.NaN,
                    usable.size(), System.currentTimeMillis() - start, "");
        }
        double[] referenceErrors = champion == null
                ? ForecastJudge.windowErrors(spec, null, split.judge(), burnIn)
                : ForecastJudge.windowErrors(champion.spec(), champion.network(), split.judge(), burnIn);
        double referenceLoss = ForecastJudge.mean(referenceErrors);

        long championVersion = champion == null ? 0 : champion.version();
        StringBuilder log = new StringBuilder();
        InputSpec bestSpec = null;
        TrainingResult best = null;
        double[] bestErrors = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        boolean diverged = false;
        TrainingSettings training = settings.training().withSeed(
                settings.training().seed() * 1_000_003L + championVersion);
        List<Finalist> finalists = finalists(candidateSpecs(champion, challenger), champion, split, training, log);
        for (Finalist finalist : finalists) {
            InputSpec candidateSpec = finalist.spec();
            WindowEncoder encoder = new WindowEncoder(candidateSpec);
            TrainingResult result = new LstmTrainer(training, cpu)
                    .train(finalist.start(), encode(encoder, split.train()), encode(encoder, split.earlyStop()));
            if (result.diverged() || !Double.isFinite(result.validationLoss())) {
                diverged = true;
                log.append(String.format(Locale.ROOT, "%s diverged; ", describe(candidateSpec)));
                continue;
            }
            double[] errors = ForecastJudge.windowErrors(candidateSpec, result.model(), split.judge(), burnIn);
            double loss = ForecastJudge.mean(errors);
            log.append(String.format(Locale.ROOT, "%s %.5f; ", describe(candidateSpec), loss));
            if (loss < bestLoss) {
                bestLoss = loss;
                bestErrors = errors;
                best = result;
                bestSpec = candidateSpec;
            }
        }
        long duration = System.currentTimeMillis() - start;
        String candidates = log.toString().trim();
        if (best == null) {
            return new Outcome(diverged ? Verdict.DIVERGED : Verdict.TOO_FEW_SAMPLES, null, null, null, Double.NaN,
                    referenceLoss, Double.NaN, usable.size(), duration, candidates);
        }
        if (!ForecastJudge.clearlyBetter(bestErrors, referenceErrors, settings.improvementMargin())) {
            return new Outcome(Verdict.NOT_BETTER, null, bestSpec, null, bestLoss, referenceLoss, best.trainLoss(),
                    usable.size(), duration, candidates);
        }
        TrainingReport report = TrainingReport.newBuilder()
                .setTrainLoss(best.trainLoss())
                .setValidationLoss(bestLoss)
                .setChampionVersion(championVersion)
                .setChampionValidationLoss(champion == null ? null : referenceLoss)
                .setSamples(usable.size())
                .setEpochs(best.epochs())
                .setDurationMs(duration)
                .setHyperparameters(settings.describe())
                .build();
        return new Outcome(Verdict.PUBLISH, best.model(), bestSpec, report, bestLoss, referenceLoss,
                best.trainLoss(), usable.size(), duration, candidates);
    }

    /** A candidate that goes on to full training, and the network its training starts from. */
    private record Finalist(InputSpec spec, LstmModel start) {
    }

    /**
     * The candidates worth a full training. Up to {@value #FINALISTS} all are; with more (the first round tries
     * every choice), each trains for {@code patience} epochs only, and the {@value #FINALISTS} whose forecasts on
     * the early-stopping windows are best in the data's own units go on from where they stopped. A full training
     * per choice would make the first round several times as long as the others, while a choice that cannot
     * compete shows it within a few epochs; the judging windows stay untouched for the final verdict.
     */
    private List<Finalist> finalists(List<InputSpec> specs, ForecastModel champion, WindowSplit split,
                                     TrainingSettings training, StringBuilder log) throws InterruptedException {
        List<Finalist> all = new ArrayList<>(specs.size());
        for (InputSpec candidateSpec : specs) {
            all.add(new Finalist(candidateSpec, warmStart(champion, candidateSpec)));
        }
        if (all.size() <= FINALISTS) {
            return all;
        }
        TrainingSettings screening = training.withEpochs(Math.min(training.patience(), training.maxEpochs()),
                training.patience());
        int burnIn = training.burnInSteps();
        List<Screened> screened = new ArrayList<>(all.size());
        for (Finalist candidate : all) {
            WindowEncoder encoder = new WindowEncoder(candidate.spec());
            TrainingResult result = new LstmTrainer(screening, cpu).train(candidate.start(),
                    encode(encoder, split.train()), encode(encoder, split.earlyStop()));
            double loss = result.diverged() ? Double.NaN
                    : ForecastJudge.mean(ForecastJudge.windowErrors(candidate.spec(), result.model(),
                    split.earlyStop(), burnIn));
            // a diverged candidate ranks last; if it still goes on, its full training reports the divergence
            screened.add(new Screened(new Finalist(candidate.spec(), result.model()),
                    Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY));
        }
        screened.sort(Comparator.comparingDouble(Screened::loss));
        List<Finalist> finalists = new ArrayList<>(FINALISTS);
        log.append("screened:");
        for (Screened candidate : screened) {
            log.append(String.format(Locale.ROOT, " %s %.5f", describe(candidate.finalist().spec()),
                    candidate.loss()));
            if (finalists.size() < FINALISTS) {
                finalists.add(candidate.finalist());
            }
        }
        log.append("; ");
        return finalists;
    }

    /** A screened candidate and its error on the early-stopping windows. */
    private record Screened(Finalist finalist, double loss) {
    }

    /** Every choice in the first round; later, the champion's choice and the next of the others, in turn. */
    private List<InputSpec> candidateSpecs(ForecastModel champion, long challenger) {
        List<InputSpec> all = settings.choices().specs(spec);
        if (champion == null) {
            return all;
        }
        InputSpec current = champion.spec().with(champion.spec().calendarFeatures(), champion.spec().transform(),
                true);
        // a champion's choice the settings no longer offer is retrained as the first choice, not tried again beside it
        InputSpec retrained = all.contains(current) ? current : all.get(0);
        List<InputSpec> others = new ArrayList<>(all);
        others.remove(retrained);
        List<InputSpec> candidates = new ArrayList<>();
        candidates.add(retrained);
        if (!others.isEmpty()) {
            candidates.add(others.get((int) Math.floorMod(challenger, (long) others.size())));
        }
        return candidates;
    }

    private static List<Window> encode(WindowEncoder encoder, List<SampleSeries> samples) {
        List<Window> windows = new ArrayList<>(samples.size());
        for (SampleSeries sample : samples) {
            windows.add(encoder.encode(sample));
        }
        return windows;
    }

    private static boolean hasTargets(List<SampleSeries> samples, int burnIn) {
        for (SampleSeries sample : samples) {
            if (sample.steps() > burnIn + 1) {
                return true;
            }
        }
        return false;
    }

    private LstmModel warmStart(ForecastModel champion, InputSpec candidateSpec) {
        if (champion != null && champion.spec().equals(candidateSpec)) {
            LstmModel network = champion.network();
            if (network.hiddenSize() == settings.hiddenSize() && network.layers() == settings.layers()) {
                return network;
            }
        }
        return LstmModel.initialise(candidateSpec.inputSize(), settings.hiddenSize(), settings.layers(),
                candidateSpec.outputSize(), settings.training().seed());
    }

    /** A candidate's choices as the training log shows them, e.g. {@code [TIME_OF_DAY]/SIGNED_LOG}. */
    public static String describe(InputSpec candidateSpec) {
        return candidateSpec.calendarFeatures() + "/" + candidateSpec.transform();
    }
}
