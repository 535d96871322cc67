package io.streamcast.app.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Each round's rate of an instance over the passthrough's rate in the same round, and their median. The instances
 * of one round run back to back, so load that comes and goes on a shared machine tends to hit both sides of a
 * ratio alike; the fastest run of each instance, which the table reports, can come from different rounds.
 */
final class RoundRatios {

    /** Events per second by round and instance (0 the passthrough); NaN where an instance did not run. */
    private final double[][] rates;

    RoundRatios(int rounds) {
        this.rates = new double[rounds][3];
        for (double[] round : rates) {
            Arrays.fill(round, Double.NaN);
        }
    }

    /** Records the rate of {@code instance} in round {@code round} (from 1); returns the result. */
    StreamBenchResult record(int round, int instance, StreamBenchResult result) {
        rates[round - 1][instance] = result.eventsPerSecond();
        return result;
    }

    /** Each round's ratio of {@code instance} to the passthrough, in round order. */
    double[] ratios(int instance) {
        List<Double> ratios = new ArrayList<>();
        for (double[] round : rates) {
            if (!Double.isNaN(round[instance]) && !Double.isNaN(round[0])) {
                ratios.add(round[instance] / round[0]);
            }
        }
        return ratios.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** "0.93, 1.10, 0.88 (median 0.93)". */
    String describe(int instance) {
        double[] ratios = ratios(instance);
        StringBuilder text = new StringBuilder();
        for (double ratio : ratios) {
            text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", ratio));
        }
        return text + String.format(Locale.ROOT, " (median %.2f)", median(ratios));
    }
}
