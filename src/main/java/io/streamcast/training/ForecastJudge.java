package io.streamcast.training;

import io.streamcast.lstm.LstmModel;
import io.streamcast.predict.InputSpec;
import io.streamcast.predict.NormalDistribution;
import io.streamcast.schema.ValueTransform;
import java.util.List;

/**
 * Judges forecasts on held-out windows in units every candidate shares, whatever its transform: the absolute
 * error of the raw forecasts, each in units of its key's standard deviation, over every horizon step and every
 * step of a window after the burn-in. Absolute rather than squared errors, so that a few spikes do not decide
 * which model a whole application uses.
 */
final class ForecastJudge {

    private ForecastJudge() {
    }

    /**
     * The mean absolute error of {@code network} read through {@code spec} on each window, each run from the
     * zero state with the served float inference path; of the persistence fallback when {@code network} is null.
     * NaN for a window with no target after the burn-in.
     */
    static double[] windowErrors(InputSpec spec, LstmModel network, List<SampleSeries> samples, int burnIn) {
        WindowEncoder encoder = new WindowEncoder(spec);
        int f = spec.forecastCount();
        int out = spec.outputSize();
        double[] errors = new double[samples.size()];
        for (int w = 0; w < samples.size(); w++) {
            SampleSeries sample = samples.get(w);
            int steps = sample.steps();
            float[] outputs = network == null ? null : network.forward(encoder.encode(sample).inputs(), steps);
            double sum = 0;
            long count = 0;
            for (int t = Math.min(burnIn, steps); t < steps; t++) {
                for (int k = 1; k <= spec.horizon() && t + k < steps; k++) {
                    for (int j = 0; j < f; j++) {
                        int index = spec.forecastIndex(j);
                        double forecast = outputs == null ? sample.raw(t, index)
                                : sample.unscale(t, sample.input(t, index, spec.transform())
                                        + (double) outputs[t * out + (k - 1) * f + j], index, spec.transform());
                        sum += Math.abs(sample.raw(t + k, index) - forecast) / sample.std(index, ValueTransform.NONE);
                        count++;
                    }
                }
            }
            errors[w] = count == 0 ? Double.NaN : sum / count;
        }
        return errors;
    }

    /**
     * The mean of the windows' errors, skipping windows without one; NaN when none has one, infinite when a window's
     * is (so that such a candidate ranks last).
     */
    static double mean(double[] windowErrors) {
        double sum = 0;
        int count = 0;
        for (double e : windowErrors) {
            if (!Double.isNaN(e)) {
                sum += e;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * Whether {@code candidate} beats {@code reference} on the same windows by more than the relative
     * {@code margin} and by more than chance (never when it forecast a window to infinity; windows where the
     * reference did are left out): the mean of the per-window improvements must exceed both {@code margin} times
     * the reference's mean error on those windows and {@value NormalDistribution#CLEAR_STANDARD_ERRORS} standard
     * errors of that mean. Held-out sets are small, and a candidate that learnt nothing new is otherwise published
     * about as often as it is not.
     * A reference that forecast more of the windows to infinity than not is broken, and any candidate that forecast
     * none so is clearly better.
     */
    static boolean clearlyBetter(double[] candidate, double[] reference, double margin) {
        double sum = 0;
        double squares = 0;
        double referenceSum = 0;
        int n = 0;
        int infiniteReference = 0;
        for (int w = 0; w < candidate.length; w++) {
            if (Double.isInfinite(candidate[w])) {
                return false;
            }
            // a window the reference forecast to infinity (a signed-log forecast beyond the largest double) says
            // nothing of by how much the candidate is better; compared on it, the reference could never be replaced
            if (Double.isFinite(candidate[w]) && Double.isFinite(reference[w])) {
                double d = reference[w] - candidate[w];
                referenceSum += reference[w];
                sum += d;
                squares += d * d;
                n++;
            } else if (Double.isFinite(candidate[w]) && Double.isInfinite(reference[w])) {
                infiniteReference++;
            }
        }
        if (infiniteReference > n) {
            return true;
        }
        if (n < 2) {
            return false;
        }
        double meanImprovement = sum / n;
        double variance = Math.max(0, (squares - n * meanImprovement * meanImprovement) / (n - 1));
        double standardError = Math.sqrt(variance / n);
        return meanImprovement > margin * referenceSum / n
                && meanImprovement > NormalDistribution.CLEAR_STANDARD_ERRORS * standardError;
    }
}
