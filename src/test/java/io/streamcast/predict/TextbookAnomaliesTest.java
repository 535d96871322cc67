package io.streamcast.predict;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Textbook anomalies fed to one key's step with the default settings and no model (so persistence forecasts), each
 * with seeds 1 to 10: every one must be flagged within its bound with every seed, and the normal patterns alone must
 * raise few false alarms.
 *
 * <p>The bounds were read from today's behaviour (the worst first-flag delay over the ten seeds, plus 10 events, and
 * at least 20): they guard against regressions and are not a target. A change that makes detection faster can lower
 * them; one that makes a scenario slower must say why.
 *
 * <p>Two textbook anomalies are missed today with every seed, and are not asserted: a value frozen on a flat noisy
 * key (persistence then forecasts it exactly, so the errors the detector judges go quiet, not wild), and a counter
 * rising by about 10 an event that stops for 100 events (the same: a flat run is the easiest thing to forecast).
 */
class TextbookAnomaliesTest {

    private static final int SEEDS = 10;
    /** Events of the normal pattern before an anomaly starts: ten days and more, past every learning period. */
    private static final int NORMAL = 3000;
    private static final long SPACING = 300_000L;
    private static final int PER_DAY = 288;
    /** Event {@link #NORMAL} falls at midnight UTC, so a daily sine's peak-free day is a calendar day. */
    private static final long T0 = Instant.parse("2026-03-12T00:00:00Z").toEpochMilli() - NORMAL * SPACING;
    /** A lasting anomaly: longer than any bound, so the run ends before it does. */
    private static final int LASTING = 1000;
    /** Events of a normal pattern alone; alarms are counted after the first {@link #SETTLING}. */
    private static final int QUIET_EVENTS = 4000;
    private static final int SETTLING = 1000;
    private static final double MOST_FALSE_ALARMS_PER_THOUSAND = 3;

    /** A series' value at event i, which falls inside the anomaly when {@code anomalous}. */
    interface Series {
        double value(int i, boolean anomalous, Random random);
    }

    /** An anomaly starting at event {@link #NORMAL} and lasting {@code length} events. */
    record Scenario(String name, int length, int worstDelayToday, Supplier<Series> series) {

        int bound() {
            return Math.max(worstDelayToday + 10, 20);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Pattern(String name, Supplier<Series> series) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> caughtToday() {
        return Stream.of(
                new Scenario("spike +10 sd", 1, 0, () -> (i, in, r) -> flat(r) + (in ? 10 : 0)),
                new Scenario("level shift +5 sd", LASTING, 0, () -> (i, in, r) -> flat(r) + (in ? 5 : 0)),
                new Scenario("level shift -5 sd", LASTING, 1, () -> (i, in, r) -> flat(r) - (in ? 5 : 0)),
                new Scenario("value frozen on a daily sine", 100, 13, TextbookAnomaliesTest::frozenDailySine),
                new Scenario("noise variance x4", 200, 11, () -> (i, in, r) -> 100 + r.nextGaussian() * (in ? 2 : 1)),
                new Scenario("daily sine's peak missing for a day", PER_DAY, 13, () -> (i, in, r) -> {
                    double sin = Math.sin(dayPhase(i));
                    return 100 + 20 * (in ? Math.min(sin, 0) : sin) + r.nextGaussian();
                }),
                new Scenario("daily sine drops to 0", 50, 0, () -> (i, in, r) -> in ? 0 : dailySine(i, r)),
                new Scenario("Poisson(0.5) counts, burst of mean 8", 10, 1,
                        () -> (i, in, r) -> poisson(r, in ? 8 : 0.5)),
                new Scenario("daily sine's period halves", PER_DAY, 10, TextbookAnomaliesTest::halvingDailySine),
                new Scenario("slow ramp +0.05 sd per event", 300, 41,
                        () -> (i, in, r) -> flat(r) + (in ? 0.05 * (i - NORMAL + 1) : 0)));
    }

    static Stream<Pattern> normalPatterns() {
        return Stream.of(
                new Pattern("flat noisy", () -> (i, in, r) -> flat(r)),
                new Pattern("daily sine", () -> (i, in, r) -> dailySine(i, r)),
                new Pattern("Poisson(0.5) counts", () -> (i, in, r) -> poisson(r, 0.5)),
                new Pattern("counter +10 per event", TextbookAnomaliesTest::counter));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caughtToday")
    void isFlaggedWithinItsBoundWithEverySeed(Scenario scenario) {
        PredictorSettings settings = defaults();
        List<String> delays = new ArrayList<>();
        boolean allInTime = true;
        for (long seed = 1; seed <= SEEDS; seed++) {
            int delay = firstFlag(scenario, seed, settings);
            allInTime &= delay >= 0;
            delays.add(delay >= 0 ? String.valueOf(delay) : "-");
        }
        assertTrue(allInTime, scenario + ": first flag per seed " + delays + ", bound " + scenario.bound());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalPatterns")
    void normalPatternRaisesFewFalseAlarms(Pattern pattern) {
        PredictorSettings settings = defaults();
        int alarms = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            KeyStep step = new KeyStep(settings);
            KeyMemory memory = step.newMemory();
            StepResult result = step.newResult();
            Random random = new Random(seed);
            Series series = pattern.series().get();
            for (int i = 0; i < QUIET_EVENTS; i++) {
                step.apply(memory, T0 + i * SPACING, new double[] {series.value(i, false, random)}, null, result);
                if (i >= SETTLING && result.isAnomaly()) {
                    alarms++;
                }
            }
        }
        int judged = SEEDS * (QUIET_EVENTS - SETTLING);
        assertTrue(alarms <= MOST_FALSE_ALARMS_PER_THOUSAND * judged / 1000,
                pattern + ": " + alarms + " false alarms in " + judged + " events");
    }

    /** Events from the anomaly's start to the key's first flag, or -1 when it is not flagged within the bound. */
    private static int firstFlag(Scenario scenario, long seed, PredictorSettings settings) {
        KeyStep step = new KeyStep(settings);
        KeyMemory memory = step.newMemory();
        StepResult result = step.newResult();
        Random random = new Random(seed);
        Series series = scenario.series().get();
        for (int i = 0; i <= NORMAL + scenario.bound(); i++) {
            boolean in = i >= NORMAL && i < NORMAL + scenario.length();
            step.apply(memory, T0 + i * SPACING, new double[] {series.value(i, in, random)}, null, result);
            if (i >= NORMAL && result.isAnomaly()) {
                return i - NORMAL;
            }
        }
        return -1;
    }

    private static PredictorSettings defaults() {
        return new StreamcastConfig(TestSettings.base()).predictorSettings();
    }

    private static double flat(Random random) {
        return 100 + random.nextGaussian();
    }

    /** The daily sine's phase at event i: 0 at midnight UTC. */
    private static double dayPhase(int i) {
        return 2 * Math.PI * Math.floorMod(i - NORMAL, PER_DAY) / PER_DAY;
    }

    private static double dailySine(int i, Random random) {
        return 100 + 20 * Math.sin(dayPhase(i)) + random.nextGaussian();
    }

    /** Keeps drawing noise while frozen, so the seeds' draws line up with the normal pattern's. */
    private static Series frozenDailySine() {
        double[] last = new double[1];
        return (i, in, r) -> {
            double noise = r.nextGaussian();
            if (!in) {
                last[0] = 100 + 20 * Math.sin(dayPhase(i)) + noise;
            }
            return last[0];
        };
    }

    /** A daily sine whose phase advances twice as fast during the anomaly. */
    private static Series halvingDailySine() {
        double[] phase = {dayPhase(0)};
        return (i, in, r) -> {
            double value = 100 + 20 * Math.sin(phase[0]) + r.nextGaussian();
            phase[0] += 2 * Math.PI / PER_DAY * (in ? 2 : 1);
            return value;
        };
    }

    private static Series counter() {
        double[] value = new double[1];
        return (i, in, r) -> value[0] += 10 + r.nextGaussian();
    }

    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = 1;
        int count = -1;
        do {
            count++;
            product *= random.nextDouble();
        } while (product > limit);
        return count;
    }
}
