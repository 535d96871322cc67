package io.streamcast.predict;

/**
 * How much of a key's present deviation from its usual value carries over to its next event: the lag-one
 * autocorrelation of its deviations, weighted over about {@value #MEMORY} events and kept between 0 and 1. The
 * rhythm forecasters ({@link DailyForecast}, {@link WeeklyForecast}) fade the present deviation by it, step by step.
 *
 * <p>State per forecast value {@code j}, three floats from {@code 3 j} of an array the caller keeps: the last
 * deviation (NaN while there is none), then the weighted sums of lagged products and of squares.
 */
final class DeviationCarryOver {

    /** Events over which the deviations' autocorrelation is weighted. */
    static final int MEMORY = 100;
    private static final double DECAY = 1 - 1.0 / MEMORY;

    private DeviationCarryOver() {
    }

    /** Folds forecast value {@code j}'s newest {@code deviation} (NaN when there is none) into {@code lag}. */
    static void fold(float[] lag, int j, double deviation) {
        double last = lag[3 * j];
        if (Double.isFinite(last) && Double.isFinite(deviation)) {
            float products = (float) (DECAY * lag[3 * j + 1] + deviation * last);
            float squares = (float) (DECAY * lag[3 * j + 2] + last * last);
            if (!Float.isFinite(products) || !Float.isFinite(squares)) {
                // Sums past single precision (a key's value swinging across the whole range a value may take leaves
                // deviations near 2e18 for a hundred events) would stay infinite at every later event, and the key's
                // carry-over, and with it its daily forecasts, NaN for good: they restart from this pair instead.
                products = (float) (deviation * last);
                squares = (float) (last * last);
            }
            lag[3 * j + 1] = products;
            lag[3 * j + 2] = squares;
        }
        lag[3 * j] = (float) deviation;
    }

    /** The share of the present deviation that carries over one event, in [0, 1]; 0 before there is a record. */
    static double carryOver(float[] lag, int j) {
        double squares = lag[3 * j + 2];
        return squares > 0 ? Math.max(0, Math.min(1, lag[3 * j + 1] / squares)) : 0;
    }

    /**
     * The deviations' recent mean square, weighted as the autocorrelation is (the record's squares over the events
     * they weigh); 0 before there is a record.
     */
    static double meanSquare(float[] lag, int j) {
        return lag[3 * j + 2] / MEMORY;
    }

    /** Forgets forecast value {@code j}'s record. */
    static void forget(float[] lag, int j) {
        lag[3 * j] = Float.NaN;
        lag[3 * j + 1] = 0f;
        lag[3 * j + 2] = 0f;
    }
}
