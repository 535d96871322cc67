package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HuberLossTest {

    @Test
    void shouldSquareErrorsUpToDeltaAndCountThemLinearlyBeyond() {
        assertThat(HuberLoss.of(0.5, 1)).isEqualTo(0.25);
        assertThat(HuberLoss.of(-1, 1)).isEqualTo(1);
        // beyond: delta * (2|e| - delta), which meets the square at |e| = delta with its slope
        assertThat(HuberLoss.of(3, 1)).isEqualTo(5);
        assertThat(HuberLoss.of(-3, 1)).isEqualTo(5);
        assertThat(HuberLoss.of(20, 0.5)).isEqualTo(19.75);
    }

    @Test
    void shouldHaveTheSlopeOfTheSquareUpToDeltaAndAConstantOneBeyond() {
        assertThat(HuberLoss.slope(0.5, 1)).isEqualTo(1);
        assertThat(HuberLoss.slope(3, 1)).isEqualTo(2);
        assertThat(HuberLoss.slope(-3, 1)).isEqualTo(-2);
        assertThat(HuberLoss.slope(20, 0.5)).isEqualTo(1);
    }

    @Test
    void shouldSquareEveryErrorWithADeltaOfZero() {
        assertThat(HuberLoss.of(3, 0)).isEqualTo(9);
        assertThat(HuberLoss.slope(-3, 0)).isEqualTo(-6);
    }
}
