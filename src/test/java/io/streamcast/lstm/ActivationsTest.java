package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivationsTest {

    private static final int SAMPLES = 2_000_001;

    @Test
    void tanhShouldBeWithinFiveTenMillionthsOfTheExactFunctionEverywhere() {
        double worst = 0;
        for (int n = 0; n < SAMPLES; n++) {
            float x = -20f + 40f * n / (SAMPLES - 1);
            worst = Math.max(worst, Math.abs(Activations.tanh(x) - Math.tanh(x)));
        }
        assertThat(worst).isLessThan(5e-7);
    }

    @Test
    void sigmoidShouldBeWithinThreeTenMillionthsOfTheExactFunctionEverywhere() {
        double worst = 0;
        for (int n = 0; n < SAMPLES; n++) {
            float x = -40f + 80f * n / (SAMPLES - 1);
            worst = Math.max(worst, Math.abs(Activations.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertThat(worst).isLessThan(3e-7);
    }

    @Test
    void tanhShouldBeOddAndSaturateAtTheExtremes() {
        for (float x : new float[] {0.001f, 0.5f, 1f, 3f, 8.9f, 12f}) {
            assertThat(Activations.tanh(-x)).isEqualTo(-Activations.tanh(x));
        }
        assertThat(Activations.tanh(0f)).isZero();
        assertThat(Activations.tanh(Float.MAX_VALUE)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Activations.tanh(-Float.MAX_VALUE)).isCloseTo(-1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Activations.sigmoid(Float.NEGATIVE_INFINITY))
                .isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-6f));
    }
}
