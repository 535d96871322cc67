package io.streamcast.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How far a cross-validated NAB score could move with other files of the same kinds: the files of each category
 * are drawn again with replacement, the pooled score is computed over the draw, and the middle 90 % of many draws
 * is the interval. A difference between two detectors scored on the same corpus (the model against persistence
 * forecasts, say) is resampled with the same files for both, so what they share cancels. Thresholds stay those
 * each fold chose; the interval is about which files a benchmark happens to hold, not about the threshold search.
 */
public final class CrossValidationBootstrap {

    /** Draws of the corpus. */
    static final int DRAWS = 2_000;
    /** Share of the draws inside the interval. */
    static final double LEVEL = 0.90;

    /** A percentile interval. */
    public record Interval(double low, double high) {
    }

    private CrossValidationBootstrap() {
    }

    /** The interval of {@code result}'s pooled score under {@code profile}. */
    public static Interval pooled(NabCrossValidation.Result result, String profile, long seed) {
        return difference(result, null, profile, seed);
    }

    /**
     * The interval of {@code a}'s pooled score minus {@code b}'s (or of {@code a}'s alone when {@code b} is null),
     * both resampled with the same files.
     */
    public static Interval difference(NabCrossValidation.Result a, NabCrossValidation.Result b, String profile,
                                      long seed) {
        List<String> categories = a.files().categories();
        if (b != null && !b.files().categories().equals(categories)) {
            throw new IllegalArgumentException("the two results are not over the same files");
        }
        Map<String, List<Integer>> byCategory = new LinkedHashMap<>();
        for (int f = 0; f < categories.size(); f++) {
            byCategory.computeIfAbsent(categories.get(f), c -> new ArrayList<>()).add(f);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] draws = new double[DRAWS];
        int[] drawn = new int[categories.size()];
        for (int d = 0; d < DRAWS; d++) {
            int n = 0;
            for (List<Integer> files : byCategory.values()) {
                for (int i = 0; i < files.size(); i++) {
                    drawn[n++] = files.get(random.nextInt(files.size()));
                }
            }
            draws[d] = normalised(a, profile, drawn) - (b == null ? 0 : normalised(b, profile, drawn));
        }
        Arrays.sort(draws);
        double tail = (1 - LEVEL) / 2;
        return new Interval(draws[(int) Math.floor(tail * (DRAWS - 1))],
                draws[(int) Math.ceil((1 - tail) * (DRAWS - 1))]);
    }

    private static double normalised(NabCrossValidation.Result result, String profile, int[] files) {
        double[] raw = result.files().raw().get(profile);
        double[] perfects = result.files().perfects().get(profile);
        double rawSum = 0;
        double perfectSum = 0;
        for (int f : files) {
            rawSum += raw[f];
            perfectSum += perfects[f];
        }
        double nullSum = result.files().nulls().get(profile).over(files);
        return 100 * (rawSum - nullSum) / (perfectSum - nullSum);
    }
}
