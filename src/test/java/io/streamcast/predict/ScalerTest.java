package io.streamcast.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.schema.ValueTransform;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScalerTest {

    /**
     * A key's values scale by their standard deviation, but never by less than a millionth of their mean's magnitude,
     * nor by less than 1e-9: a key that sat at one value still scales finitely.
     */
    @Test
    void shouldFloorTheStandardDeviationByTheMeanAndAbsolutely() {
        assertThat(Scaler.std(2.0, 9.0)).isEqualTo(3.0);
        assertThat(Scaler.std(1e6, 1e-4)).isEqualTo(1.0);
        assertThat(Scaler.std(-1e6, 1e-4)).isEqualTo(1.0);
        assertThat(Scaler.std(0.0, 0.0)).isEqualTo(1e-9);
        assertThat(Scaler.std(1e-5, 0.0)).isEqualTo(1e-9);
        assertThat(Scaler.std(new double[] {0, 5.0}, new double[] {1, 0}, 1)).isCloseTo(5e-6, within(1e-15));
    }

    @Test
    void shouldUndoARunningUpdate() {
        double[] scaling = {0, 0, 3.0, 2.0};
        double[] updated = scaling.clone();
        double[] means = {updated[2]};
        double[] variances = {updated[3]};
        Scaler.update(means, variances, 0, 7.0, 1000, 0.25);
        updated[0] = means[0];
        updated[1] = variances[0];

        Scaler.undo(updated, 0, 2, 7.0, 0.25);

        assertThat(updated[2]).isCloseTo(3.0, within(1e-12));
        assertThat(updated[3]).isCloseTo(2.0, within(1e-12));
    }

    /**
     * Each undo divides by one less the update's weight; at a decay of 0.5 the tenth undo would amplify rounding
     * 1,024-fold, so the statistics of the rows before it stay those of the row after them (undone as far as they
     * could, they reached 1e30 and beyond and overflowed).
     */
    @Test
    void shouldStopUndoingOnceRoundingWouldBeAmplifiedBeyondTheBound() {
        int rows = 40;
        float[] values = new float[rows];
        double[] scaling = new double[4 * rows];
        double[] mean = {0};
        double[] variance = {0};
        double[] logMean = {0};
        double[] logVariance = {0};
        for (int i = 0; i < 1000; i++) {
            float x = (float) (100 + 10 * Math.sin(i));
            Scaler.update(mean, variance, 0, x, i + 1, 0.5);
            Scaler.update(logMean, logVariance, 0, ValueTransforms.apply(ValueTransform.SIGNED_LOG, x), i + 1, 0.5);
            if (i >= 1000 - rows) {
                values[i - (1000 - rows)] = x;
            }
        }
        int last = 4 * (rows - 1);
        scaling[last] = mean[0];
        scaling[last + 1] = variance[0];
        scaling[last + 2] = logMean[0];
        scaling[last + 3] = logVariance[0];

        Scaler.undoBack(scaling, values, rows, 1, 1000, 0.5);

        int stopped = rows - 10;
        for (int row = 0; row < stopped; row++) {
            for (int i = 0; i < 4; i++) {
                assertThat(scaling[4 * row + i]).isEqualTo(scaling[4 * stopped + i]);
            }
        }
        assertThat(scaling[4 * stopped + 1]).as("a variance that was undone")
                .isNotEqualTo(scaling[4 * (stopped + 1) + 1]);
        assertThat(Arrays.stream(scaling).allMatch(Double::isFinite)).isTrue();
    }
}
