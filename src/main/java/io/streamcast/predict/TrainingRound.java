package io.streamcast.predict;

import io.streamcast.lstm.LstmModel;
import io.streamcast.lstm.LstmTrainer;
import io.streamcast.lstm.TrainingResult;
import io.streamcast.lstm.Window;
import io.streamcast.schema.TrainingReport;
import io.streamcast.schema.TrainingSample;
import java.util.ArrayList;
import java.util.List;

/**
 * One round of champion/challenger training, free of Kafka so that the stream's trainer and the offline
 * evaluators train alike: encode the windows, hold out the most recent ones, train a candidate (warm-started
 * from the model in use when its shape allows), and judge it on the held-out windows against the model in use,
 * or, before there is one, against the persistence fallback the predictor would otherwise keep using.
 */
public final class TrainingRound {

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
     * @param report         the training report a published snapshot carries (null unless PUBLISH)
     * @param candidateLoss  the candidate's held-out loss (NaN when not trained)
     * @param referenceLoss  the held-out loss of what it had to beat: the model in use, or the fallback
     */
    public record Outcome(Verdict verdict, LstmModel network, TrainingReport report, double candidateLoss,
                          double referenceLoss, double trainLoss, int samples, long durationMillis) {
    }

    private final InputSpec spec;
    private final TrainerSettings settings;
    private final WindowEncoder encoder;

    public TrainingRound(InputSpec spec, TrainerSettings settings) {
        this.spec = spec;
        this.settings = settings;
        this.encoder = new WindowEncoder(spec);
    }

    /**
     * Trains and judges a candidate; {@code champion} is the model in use, or null.
     *
     * @throws InterruptedException when the calling thread is interrupted, e.g. at shutdown
     */
    public Outcome run(List<TrainingSample> samples, ForecastModel champion) throws InterruptedException {
        long start = System.currentTimeMillis();
        List<Window> windows = new ArrayList<>(samples.size());
        for (TrainingSample sample : samples) {
            if (encoder.fits(sample)) {
                windows.add(encoder.encode(sample));
            }
        }
        int validationCount = (int) Math.round(windows.size() * settings.validationFraction());
        if (windows.size() < 2 || validationCount < 1 || validationCount >= windows.size()) {
            return new Outcome(Verdict.TOO_FEW_SAMPLES, null, null, Double.NaN, Double.NaN, Double.NaN,
                    windows.size(), System.currentTimeMillis() - start);
        }
        List<Window> train = windows.subList(0, windows.size() - validationCount);
        List<Window> validation = windows.subList(windows.size() - validationCount, windows.size());
        int burnIn = settings.training().burnInSteps();

        long championVersion = champion == null ? 0 : champion.version();
        LstmModel initial = warmStart(champion);
        TrainingResult result = new LstmTrainer(settings.training().withSeed(
                settings.training().seed() * 1_000_003L + championVersion)).train(initial, train, validation);
        long duration = System.currentTimeMillis() - start;
        if (result.diverged() || !Double.isFinite(result.validationLoss())) {
            return new Outcome(Verdict.DIVERGED, null, null, Double.NaN, Double.NaN, result.trainLoss(),
                    windows.size(), duration);
        }
        double candidateLoss = LstmTrainer.loss(result.model(), validation, burnIn);
        double referenceLoss = champion == null
                ? persistenceLoss(validation, burnIn)
                : LstmTrainer.loss(champion.network(), validation, burnIn);
        if (!(candidateLoss < referenceLoss * (1 - settings.improvementMargin()))) {
            return new Outcome(Verdict.NOT_BETTER, null, null, candidateLoss, referenceLoss, result.trainLoss(),
                    windows.size(), duration);
        }
        TrainingReport report = TrainingReport.newBuilder()
                .setTrainLoss(result.trainLoss())
                .setValidationLoss(candidateLoss)
                .setChampionVersion(championVersion)
                .setChampionValidationLoss(champion == null ? null : referenceLoss)
                .setSamples(windows.size())
                .setEpochs(result.epochs())
                .setDurationMs(duration)
                .setHyperparameters(settings.describe())
                .build();
        return new Outcome(Verdict.PUBLISH, result.model(), report, candidateLoss, referenceLoss,
                result.trainLoss(), windows.size(), duration);
    }

    private LstmModel warmStart(ForecastModel champion) {
        if (champion != null) {
            LstmModel network = champion.network();
            if (network.hiddenSize() == settings.hiddenSize() && network.layers() == settings.layers()
                    && network.inputSize() == spec.inputSize() && network.outputSize() == spec.outputSize()) {
                return network;
            }
        }
        return LstmModel.initialise(spec.inputSize(), settings.hiddenSize(), settings.layers(), spec.outputSize(),
                settings.training().seed());
    }

    /**
     * Held-out loss of the persistence fallback in scaled units, over the same steps and targets as the network's
     * loss: persistence forecasts no change, so its error is the change itself.
     */
    double persistenceLoss(List<Window> windows, int burnIn) {
        int out = spec.outputSize();
        double sum = 0;
        long count = 0;
        for (Window window : windows) {
            for (int t = burnIn; t < window.steps(); t++) {
                for (int o = 0; o < out; o++) {
                    float target = window.targets()[t * out + o];
                    if (!Float.isNaN(target)) {
                        sum += (double) target * target;
                        count++;
                    }
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
