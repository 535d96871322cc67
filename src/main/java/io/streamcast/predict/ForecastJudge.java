package io.streamcast.predict;

import io.streamcast.lstm.LstmModel;
import java.util.List;

/**
 * Judges forecasts on held-out windows in units every candidate shares, whatever its transform: the mean absolute
 * error of the raw forecasts, each in units of its key's standard deviation, over every horizon step and every
 * step of a window after the burn-in. Absolute rather than squared errors, so that a few spikes do not decide
 * which model a whole application uses.
 */
final class ForecastJudge {

    private ForecastJudge() {
    }

    /**
     * The held-out error of {@code network} read through {@code spec}, each window run from the zero state with
     * the served float inference path; of the persistence fallback when {@code network} is null. NaN when no
     * target counts.
     */
    static double meanAbsoluteError(InputSpec spec, LstmModel network, List<SampleSeries> samples, int burnIn) {
        WindowEncoder encoder = new WindowEncoder(spec);
        int f = spec.forecastCount();
        int out = spec.outputSize();
        double sum = 0;
        long count = 0;
        for (SampleSeries sample : samples) {
            int steps = sample.steps();
            float[] outputs = network == null ? null : network.forward(encoder.encode(sample).inputs(), steps);
            for (int t = Math.min(burnIn, steps); t < steps; t++) {
                for (int k = 1; k <= spec.horizon() && t + k < steps; k++) {
                    for (int j = 0; j < f; j++) {
                        int index = spec.forecastIndex(j);
                        double forecast = outputs == null ? sample.raw(t, index)
                                : sample.unscale(sample.input(t, index, spec.transform())
                                        + (double) outputs[t * out + (k - 1) * f + j], index, spec.transform());
                        double error = sample.raw(t + k, index) - forecast;
                        sum += Math.abs(error) / sample.std(index, io.streamcast.schema.ValueTransform.NONE);
                        count++;
                    }
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
