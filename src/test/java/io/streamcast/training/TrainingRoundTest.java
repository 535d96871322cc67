package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.anomaly.AnomalySettings;
import io.streamcast.lstm.LstmModel;
import io.streamcast.lstm.TrainingSettings;
import io.streamcast.predict.ForecastModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyMemory;
import io.streamcast.predict.KeyStep;
import io.streamcast.predict.PredictorSettings;
import io.streamcast.predict.StepResult;
import io.streamcast.schema.CalendarFeature;
import io.streamcast.schema.TrainingSample;
import io.streamcast.testing.LogCapture;
import io.streamcast.testing.PeriodicKeyWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrainingRoundTest {

    private static final InputSpec SPEC = new InputSpec(1, new int[] {0}, 2, List.of(), 0.01);
    private static final PredictorSettings PREDICTOR = new PredictorSettings(SPEC, 24, 4, 4,
            AnomalySettings.defaults());

    private static TrainerSettings trainer(double learningRate, double margin) {
        return new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, margin,
                new TrainingSettings(learningRate, 16, 30, 5, 1.0, 4, 7, 2));
    }

    /** Windows a predictor would send for a few noisy sine keys. */
    private static List<TrainingSample> samples() {
        return PeriodicKeyWindows.of(PREDICTOR);
    }

    /**
     * Windows of keys that walk at random: each change is independent noise, so no forecaster beats persistence,
     * the fallback a key's first model has to beat.
     */
    private static List<TrainingSample> randomWalks(long seed) {
        KeyStep step = new KeyStep(PREDICTOR);
        StepResult result = step.newResult();
        SplittableRandom random = new SplittableRandom(seed);
        List<TrainingSample> samples = new ArrayList<>();
        for (int key = 0; key < 4; key++) {
            KeyMemory state = step.newMemory();
            double value = 100;
            for (int i = 0; i < 400; i++) {
                value += random.nextGaussian();
                step.apply(state, i * 60_000L, new double[] {value}, null, result);
                if (result.trainingWindowDue()) {
                    samples.add(step.trainingSample("key-" + key, state));
                }
            }
        }
        return samples;
    }

    /**
     * Candidates that learnt nothing but noise are not published. On random walks every candidate of a first round,
     * from every choice of inputs, can only learn noise, and trained with the trainer's defaults it keeps the epoch
     * whose forecasts look best on its early-stopping windows, partly by chance. Judged on those same windows, as
     * the gate once judged, four of these eight rounds publish a candidate; judged on the later windows kept apart
     * from them, none. (Early stopping keeps these candidates from learning their training windows' noise, so
     * judging them on those windows would not publish them: that the judging windows are apart from the training
     * windows is {@link WindowSplitTest}'s to show.)
     */
    @Test
    void shouldNotPublishACandidateThatLearntNothingButNoise() throws InterruptedException {
        ModelChoices everyChoice = new ModelChoices(ModelChoices.CALENDAR_RHYTHMS, ModelChoices.TRANSFORMS);
        TrainerSettings settings = new TrainerSettings(8, 1, 0, 1, 10, 100_000, 100_000, 0.2, 0.01,
                TrainingSettings.defaults(), everyChoice, PREDICTOR.historyLength());

        List<String> published = new ArrayList<>();
        for (long seed = 1; seed <= 8; seed++) {
            TrainingRound.Outcome outcome = new TrainingRound(SPEC, settings).run(randomWalks(seed), null);
            if (outcome.verdict() != TrainingRound.Verdict.NOT_BETTER) {
                published.add(String.format(Locale.ROOT, "walks %d: %s, %s against persistence's %s (%s)", seed,
                        outcome.verdict(), outcome.candidateLoss(), outcome.referenceLoss(), outcome.candidates()));
            }
        }
        assertThat(published).as("rounds that did not find their candidates no better").isEmpty();
    }

    @Test
    void shouldPublishACandidateThatBeatsTheFallbackOnHeldOutWindows() throws InterruptedException {
        TrainingRound.Outcome outcome = new TrainingRound(SPEC, trainer(0.01, 0.01)).run(samples(), null);

        assertThat(outcome.verdict()).isEqualTo(TrainingRound.Verdict.PUBLISH);
        assertThat(outcome.candidateLoss()).isLessThan(0.5 * outcome.referenceLoss());
        assertThat(outcome.report().getChampionVersion()).isZero();
        assertThat(outcome.report().getChampionValidationLoss()).isNull();
        assertThat(outcome.report().getValidationLoss()).isEqualTo(outcome.candidateLoss());
        assertThat(outcome.report().getHyperparameters()).containsEntry("hidden.size", "8");
    }

    /**
     * One malformed window among good ones (a negative variance in its scaling statistics, which no predictor sends)
     * is left out, and the round comes to the verdict it comes to without it. Taken in, its inputs were NaN and every
     * round failed with an exception for as long as the window stayed in the training set, which for a key that sent
     * nothing else is until every other key's windows have gone.
     */
    @Test
    void shouldLeaveOutAWindowWithANegativeVarianceAndStillPublish() throws InterruptedException {
        List<TrainingSample> samples = new ArrayList<>(samples());
        TrainingSample malformed = TrainingSample.newBuilder(samples.get(samples.size() - 1)).setKey("malformed")
                .build();
        java.nio.ByteBuffer scalers = java.nio.ByteBuffer.allocate(malformed.getScalers().remaining())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).put(malformed.getScalers().duplicate()).flip();
        scalers.putDouble(8, -1.0);
        malformed.setScalers(scalers);
        samples.add(malformed);

        TrainingRound.Outcome outcome;
        List<String> warnings;
        try (LogCapture log = LogCapture.of(TrainingRound.class)) {
            outcome = new TrainingRound(SPEC, trainer(0.01, 0.01)).run(samples, null);
            warnings = log.warnings();
        }

        assertThat(outcome.verdict()).isEqualTo(TrainingRound.Verdict.PUBLISH);
        assertThat(outcome.samples()).isEqualTo(samples.size() - 1);
        assertThat(warnings).singleElement().asString()
                .startsWith("Left out 1 of the round's " + samples.size() + " training windows");
    }

    @Test
    void shouldNotPublishACandidateThatIsBetterButNotByTheMargin() throws InterruptedException {
        TrainingRound.Outcome outcome = new TrainingRound(SPEC, trainer(0.01, 0.95)).run(samples(), null);

        // The candidate beats the fallback, but by less than 95% of its held-out loss.
        assertThat(outcome.candidateLoss()).isLessThan(outcome.referenceLoss());
        assertThat(outcome.candidateLoss()).isGreaterThan(0.05 * outcome.referenceLoss());
        assertThat(outcome.verdict()).isEqualTo(TrainingRound.Verdict.NOT_BETTER);
        assertThat(outcome.network()).isNull();
    }

    @Test
    void shouldJudgeAgainstTheChampionOnTheSameHeldOutWindowsAndKeepAChampionNotBeatenByTheMargin()
            throws InterruptedException {
        List<TrainingSample> samples = samples();
        TrainingRound.Outcome first = new TrainingRound(SPEC, trainer(0.01, 0.0)).run(samples, null);
        ForecastModel champion = new ForecastModel("m", 4, 0, first.spec(), first.network(), first.report());

        TrainingRound.Outcome second = new TrainingRound(SPEC, trainer(0.01, 0.5)).run(samples, champion);

        assertThat(second.referenceLoss()).as("the champion's loss on the same held-out windows")
                .isEqualTo(first.candidateLoss());
        // A challenger trained further on the same windows cannot halve the champion's held-out loss.
        assertThat(second.candidateLoss()).isGreaterThan(0.5 * second.referenceLoss());
        assertThat(second.verdict()).isEqualTo(TrainingRound.Verdict.NOT_BETTER);
    }

    @Test
    void shouldPublishACandidateThatBeatsAWeakChampionAndNameTheChampionInItsReport() throws InterruptedException {
        ForecastModel untrained = io.streamcast.testing.TestSettings.model("m", 4, SPEC, 8, 11);

        TrainingRound.Outcome outcome = new TrainingRound(SPEC, trainer(0.01, 0.01)).run(samples(), untrained);

        assertThat(outcome.candidateLoss()).isLessThan(0.99 * outcome.referenceLoss());
        assertThat(outcome.verdict()).isEqualTo(TrainingRound.Verdict.PUBLISH);
        assertThat(outcome.report().getChampionVersion()).isEqualTo(4);
        assertThat(outcome.report().getChampionValidationLoss()).isEqualTo(outcome.referenceLoss());
    }

    /**
     * A round with a champion trains the champion's choice and one other, in turn: the turn the caller counts picks
     * it, so a trainer restarted on its counted turn tries the next choice, not the first again.
     */
    @Test
    void shouldTryTheOtherChoiceOfTheRoundsTurnBesideTheChampions() throws InterruptedException {
        ModelChoices calendars = new ModelChoices(ModelChoices.CALENDAR_RHYTHMS, List.of());
        TrainerSettings settings = new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, 0.01,
                new TrainingSettings(0.01, 16, 4, 2, 1.0, 4, 7, 2), calendars, 0);
        ForecastModel champion = io.streamcast.testing.TestSettings.model("m", 4, SPEC, 8, 11);
        List<TrainingSample> samples = samples();

        String[] turns = new String[4];
        for (int turn = 0; turn < turns.length; turn++) {
            turns[turn] = new TrainingRound(SPEC, settings).run(samples, champion, turn).candidates();
        }

        // the champion reads no calendar input; the others, in order, the time of day, and it with the day of week
        assertThat(turns[0]).contains("[TIME_OF_DAY]/").doesNotContain("DAY_OF_WEEK");
        assertThat(turns[1]).contains("[TIME_OF_DAY, DAY_OF_WEEK]/");
        assertThat(turns[2]).contains("[TIME_OF_DAY]/").doesNotContain("DAY_OF_WEEK");
        assertThat(turns[3]).contains("[TIME_OF_DAY, DAY_OF_WEEK]/");
        for (String turn : turns) {
            assertThat(turn).contains("[]/");
        }
    }

    @Test
    void shouldFindTooFewSamplesWithoutWindowsAndSayHowLongItTook() throws InterruptedException {
        long before = System.currentTimeMillis();
        TrainingRound.Outcome outcome = new TrainingRound(SPEC, trainer(0.01, 0.01)).run(List.of(), null);
        long took = System.currentTimeMillis() - before;

        assertThat(outcome.verdict()).isEqualTo(TrainingRound.Verdict.TOO_FEW_SAMPLES);
        assertThat(outcome.network()).isNull();
        assertThat(outcome.samples()).isZero();
        assertThat(outcome.durationMillis()).isBetween(0L, took);
    }

    /**
     * Windows of 24 events with 23 burn-in steps: the one step after the burn-in, the last, has no later event to
     * forecast, so no window has a target to train or judge on. With 22 burn-in steps the second last step forecasts
     * the last, and the round trains.
     */
    @Test
    void shouldFindTooFewSamplesWhenNoWindowHasATargetAfterItsBurnIn() throws InterruptedException {
        List<TrainingSample> samples = samples();
        TrainerSettings burnIn23 = new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, 0.01,
                new TrainingSettings(0.01, 16, 2, 2, 1.0, 23, 7, 2));
        TrainerSettings burnIn22 = new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, 0.01,
                new TrainingSettings(0.01, 16, 2, 2, 1.0, 22, 7, 2));

        TrainingRound.Outcome none = new TrainingRound(SPEC, burnIn23).run(samples, null);
        TrainingRound.Outcome some = new TrainingRound(SPEC, burnIn22).run(samples, null);

        assertThat(none.verdict()).isEqualTo(TrainingRound.Verdict.TOO_FEW_SAMPLES);
        assertThat(none.samples()).as("every window decodes").isEqualTo(samples.size());
        assertThat(some.verdict()).isIn(TrainingRound.Verdict.PUBLISH, TrainingRound.Verdict.NOT_BETTER);
    }

    /**
     * Two choices are no more than the finalists: both train fully, with no screening, and the round says how long
     * it took.
     */
    @Test
    void shouldTrainBothOfTwoChoicesFullyWithoutScreening() throws InterruptedException {
        ModelChoices transforms = new ModelChoices(List.of(), ModelChoices.TRANSFORMS);
        TrainerSettings settings = new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, 0.01,
                new TrainingSettings(0.01, 16, 4, 2, 1.0, 4, 7, 2), transforms, 0);
        List<TrainingSample> samples = samples();

        long before = System.currentTimeMillis();
        TrainingRound.Outcome outcome = new TrainingRound(SPEC, settings).run(samples, null);
        long took = System.currentTimeMillis() - before;

        assertThat(outcome.candidates()).doesNotContain("screened").contains("[]/NONE ", "[]/SIGNED_LOG ");
        assertThat(outcome.durationMillis()).isBetween(0L, took);
    }

    /** Every step of training abandoned (weights far beyond a float after one step): the round says so. */
    @Test
    void shouldDiscardCandidatesWhoseTrainingDiverged() throws InterruptedException {
        TrainerSettings settings = new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, 0.01,
                new TrainingSettings(1e300, 16, 4, 2, 0, 4, 7, 2));

        TrainingRound.Outcome outcome = new TrainingRound(SPEC, settings).run(samples(), null);

        assertThat(outcome.verdict()).isEqualTo(TrainingRound.Verdict.DIVERGED);
        assertThat(outcome.network()).isNull();
        assertThat(outcome.candidateLoss()).isNaN();
        assertThat(outcome.referenceLoss()).as("the fallback is still judged").isFinite();
        assertThat(outcome.candidates()).contains("diverged");
    }

    /**
     * A champion that reads the time of day, not the first of the choices: the round retrains the champion's
     * choice, and on turn 0 tries the first of the others (no calendar input) beside it.
     */
    @Test
    void shouldRetrainTheChampionsChoiceWhenItIsNotTheFirst() throws InterruptedException {
        ModelChoices calendars = new ModelChoices(ModelChoices.CALENDAR_RHYTHMS, List.of());
        TrainerSettings settings = new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, 0.01,
                new TrainingSettings(0.01, 16, 2, 2, 1.0, 4, 7, 2), calendars, 0);
        ForecastModel champion = io.streamcast.testing.TestSettings.model("m", 4,
                SPEC.with(List.of(CalendarFeature.TIME_OF_DAY), SPEC.transform(), true), 8, 11);

        String candidates = new TrainingRound(SPEC, settings).run(samples(), champion, 0).candidates();

        assertThat(candidates).contains("[TIME_OF_DAY]/NONE ", "[]/NONE ").doesNotContain("DAY_OF_WEEK");
    }

    /**
     * A champion whose choice the trainer may no longer make (here it reads the time of day; the settings now read
     * the data as configured, with no calendar input): the round trains the configured choice in its place, once.
     * Trained a second time as the "other" choice, from the same fresh network and seed, it would come out the same
     * and double the round's time.
     */
    @Test
    void shouldTrainTheChoiceThatReplacesAChampionsUnavailableChoiceOnlyOnce() throws InterruptedException {
        TrainerSettings settings = new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, 0.01,
                new TrainingSettings(0.01, 16, 2, 2, 1.0, 4, 7, 2));
        ForecastModel champion = io.streamcast.testing.TestSettings.model("m", 4,
                SPEC.with(List.of(CalendarFeature.TIME_OF_DAY), SPEC.transform(), true), 8, 11);

        for (long turn = 0; turn < 2; turn++) {
            String candidates = new TrainingRound(SPEC, settings).run(samples(), champion, turn).candidates();

            assertThat(Pattern.compile("\\[\\]/NONE ").matcher(candidates).results().count()).as(candidates)
                    .isEqualTo(1);
        }
    }

    /**
     * The champion's choice starts from the champion's network when it has the trainer's size: one epoch at a
     * negligible learning rate leaves its forecasts, and so its held-out error, the champion's. A fresh network
     * (here of another seed) would forecast otherwise.
     */
    @Test
    void shouldRetrainTheChampionsChoiceFromTheChampionsNetwork() throws InterruptedException {
        TrainerSettings settings = new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, 0.01,
                new TrainingSettings(1e-12, 16, 1, 1, 1.0, 4, 7, 2));
        InputSpec choice = SPEC.with(SPEC.calendarFeatures(), SPEC.transform(), true);
        ForecastModel champion = new ForecastModel("m", 4, 0, choice,
                LstmModel.initialise(choice.inputSize(), 8, 1, choice.outputSize(), 11), null);

        TrainingRound.Outcome outcome = new TrainingRound(SPEC, settings).run(samples(), champion);

        Matcher loss = Pattern.compile("\\[\\]/NONE ([0-9.]+)").matcher(outcome.candidates());
        assertThat(loss.find()).as(outcome.candidates()).isTrue();
        assertThat(Double.parseDouble(loss.group(1))).isCloseTo(outcome.referenceLoss(),
                within(1e-4 * outcome.referenceLoss()));
    }

    /**
     * The configured seed shuffles the training windows: retrained from the same champion's network (so that the
     * seed of a fresh network plays no part), a candidate trained under seed 8 is not the one trained under seed 7.
     */
    @Test
    void shouldShuffleTheTrainingWindowsByTheConfiguredSeed() throws InterruptedException {
        InputSpec choice = SPEC.with(SPEC.calendarFeatures(), SPEC.transform(), true);
        ForecastModel champion = new ForecastModel("m", 4, 0, choice,
                LstmModel.initialise(choice.inputSize(), 8, 1, choice.outputSize(), 11), null);
        List<TrainingSample> samples = samples();
        float[][] weights = new float[2][];
        for (int seed = 7; seed <= 8; seed++) {
            TrainerSettings settings = new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, 0.01,
                    new TrainingSettings(0.01, 16, 30, 5, 1.0, 4, seed, 2));
            TrainingRound.Outcome outcome = new TrainingRound(SPEC, settings).run(samples, champion);
            assertThat(outcome.verdict()).as("seed %d", seed).isEqualTo(TrainingRound.Verdict.PUBLISH);
            weights[seed - 7] = outcome.network().weights();
        }

        assertThat(weights[1]).isNotEqualTo(weights[0]);
    }

    @Test
    void shouldTrainTheSameCandidateFromTheSameWindowsAndSeed() throws InterruptedException {
        List<TrainingSample> samples = samples();
        TrainingRound.Outcome a = new TrainingRound(SPEC, trainer(0.01, 0.01)).run(samples, null);
        TrainingRound.Outcome b = new TrainingRound(SPEC, trainer(0.01, 0.01)).run(samples, null);

        assertThat(a.network().weights()).isEqualTo(b.network().weights());
    }

    /**
     * With more choices than finalists, every choice trains for {@code patience} epochs, and only the two whose
     * forecasts on the early-stopping windows are best go on to a full training: the round's log lists the
     * screening in order of that loss, then the two finalists, and the verdict's spec is one of them.
     */
    @Test
    void shouldScreenEveryChoiceAndTrainOnlyTheTwoBestFully() throws InterruptedException {
        ModelChoices calendars = new ModelChoices(ModelChoices.CALENDAR_RHYTHMS, List.of());
        TrainerSettings settings = new TrainerSettings(8, 1, 0, 1, 10, 1000, 1000, 0.25, 0.01,
                new TrainingSettings(0.01, 16, 30, 5, 1.0, 4, 7, 2), calendars, 0);

        TrainingRound.Outcome outcome = new TrainingRound(SPEC, settings).run(samples(), null);

        String[] parts = outcome.candidates().split(";");
        assertThat(parts[0]).startsWith("screened:");
        List<String> screened = new ArrayList<>();
        List<Double> screenedLosses = new ArrayList<>();
        Matcher entry = Pattern.compile("(\\[[^\\]]*\\]/\\w+) ([0-9.]+)")
                .matcher(parts[0]);
        while (entry.find()) {
            screened.add(entry.group(1));
            screenedLosses.add(Double.parseDouble(entry.group(2)));
        }
        assertThat(screened).containsExactlyInAnyOrder("[]/NONE", "[TIME_OF_DAY]/NONE",
                "[TIME_OF_DAY, DAY_OF_WEEK]/NONE");
        assertThat(screenedLosses).isSorted();
        List<String> finalists = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                finalists.add(parts[i].trim().replaceAll(" [0-9.]+$", ""));
            }
        }
        assertThat(finalists).containsExactly(screened.get(0), screened.get(1));
        assertThat(TrainingRound.describe(outcome.spec())).isIn(finalists);
    }
}
