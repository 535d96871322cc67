package io.streamcast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void shouldMoveEachWeightByTheBiasCorrectedMomentsWhateverItsGradientsScale() {
        Parameters weights = Parameters.zeros(1, 1, 1, 1);
        Parameters gradient = weights.zerosLike();
        weights.chunks[0][0] = 1.0;
        weights.chunks[0][1] = -0.5;
        weights.chunks[0][2] = 0.25;
        Adam adam = new Adam(weights);

        gradient.chunks[0][0] = 2;
        gradient.chunks[0][1] = 0.001;
        adam.step(weights, gradient, 0.1);
        // step 1: m = 0.1 g, v = 0.001 g^2, rate 0.1 sqrt(0.001) / 0.1, so each weight moves by
        // 0.1 |g| / (|g| + 1e-8 / sqrt(0.001)): the learning rate, for a large gradient and a tiny one alike
        assertThat(weights.chunks[0][0]).isCloseTo(0.9000000158, within(1e-9));
        assertThat(weights.chunks[0][1]).isCloseTo(-0.5999683872, within(1e-9));
        assertThat(weights.chunks[0][2]).as("no gradient, no move").isEqualTo(0.25);

        gradient.chunks[0][0] = -1;
        adam.step(weights, gradient, 0.1);
        // step 2: m = 0.9 * 0.2 - 0.1 = 0.08, v = 0.999 * 0.004 + 0.001 = 0.004996, rate 0.1 sqrt(1 - 0.999^2) / 0.19;
        // the first weight still moves down (its momentum outweighs one gradient the other way), by 0.0266
        assertThat(weights.chunks[0][0]).isCloseTo(0.8733663156, within(1e-9));
        assertThat(weights.chunks[0][1]).isCloseTo(-0.6999460259, within(1e-9));
    }
}
