package io.streamcast.predict;

import io.streamcast.anomaly.Scoring;
import io.streamcast.anomaly.Statistic;
import java.util.SplittableRandom;

/** Fills step results with arbitrary numbers, for tests of what is written from them. */
public final class StepResults {

    private StepResults() {
    }

    /**
     * A result for {@code spec} with random values everywhere, {@code residuals} residuals and, when
     * {@code coverage > 0}, prediction intervals of that coverage.
     */
    public static StepResult random(InputSpec spec, long seed, int residuals, double coverage) {
        SplittableRandom random = new SplittableRandom(seed);
        StepResult result = new StepResult(spec);
        for (int j = 0; j < result.observed.length; j++) {
            result.observed[j] = random.nextDouble(-1e6, 1e6);
        }
        for (int i = 0; i < result.forecast.length; i++) {
            result.forecast[i] = random.nextGaussian();
            result.lower[i] = result.forecast[i] - random.nextDouble();
            result.upper[i] = result.forecast[i] + random.nextDouble();
        }
        for (int j = 0; j < result.residual.length; j++) {
            result.residual[j] = random.nextGaussian() * 3;
        }
        result.residualCount = residuals;
        result.intervalCoverage = coverage;
        result.rawScore = random.nextDouble();
        result.likelihood = random.nextDouble();
        result.logLikelihood = random.nextDouble();
        result.anomaly = random.nextBoolean();
        Statistic[] causes = Statistic.values();
        result.anomalyCause = causes[random.nextInt(causes.length)];
        result.modelVersion = random.nextLong(0, Long.MAX_VALUE);
        result.warmingUp = random.nextBoolean();
        return result;
    }

    /**
     * A result for {@code spec} of one value, {@code observed}, whose forecast for the next event is {@code next}
     * (no interval), scored as given.
     */
    public static StepResult of(InputSpec spec, double observed, double next, double likelihood, boolean anomaly,
                                Scoring scoring, long modelVersion) {
        StepResult result = new StepResult(spec);
        result.observed[0] = observed;
        result.forecast[0] = next;
        result.intervalCoverage = 0;
        result.likelihood = likelihood;
        result.anomaly = anomaly;
        result.anomalyCause = anomaly ? Statistic.DRIFT : Statistic.NONE;
        result.scoring = scoring;
        result.modelVersion = modelVersion;
        return result;
    }
}
