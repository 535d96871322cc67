package io.streamcast.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecentDeviationsTest {

    private static final int BUCKET = 1000;

    /**
     * Rhythm confirmation. Window 1, so the statistic is the magnitude of the last normalised deviation; deviations
     * alternate 2, 1 (of values alternating -1, 1). After an even number their scale is exactly 1.5, so each 2
     * normalises to 4/3, the record; each 1 to a little under 2/3. Their long run then has a mean of about 1 and a
     * standard deviation of about 1/3. A deviation of 3 normalises to 2: 1.5 times the record, but only about 3
     * standard deviations above the long run's mean, short of 4.48, so confirmed it counts as 3 / 4.48 of the record
     * (below 1: no break). A deviation of 6 normalises to 4: 3 times the record, about 9 standard deviations above the
     * mean, so confirmed it counts as about 9 / 4.48 times the record.
     */
    @Test
    void shouldCountADeviationOnlyAsFarAsItsLongRunFindsItUnusualWhenConfirmed() {
        assertThat(alternating(false).fold(3, 1, BUCKET, false)).isCloseTo(1.5, within(1e-6));
        assertThat(alternating(true).fold(3, 1, BUCKET, true)).isCloseTo(3 / 4.48, within(0.01));

        assertThat(alternating(false).fold(6, 1, BUCKET, false)).isCloseTo(3, within(1e-6));
        assertThat(alternating(true).fold(6, 1, BUCKET, true)).isCloseTo(9 / 4.48, within(0.02));
    }

    @Test
    void shouldKeepTheLongRunEitherWaySoThatConfirmationTakesEffectAtOnce() {
        RecentDeviations keptUnconfirmed = alternating(false);

        assertThat(keptUnconfirmed.fold(3, 1, BUCKET, true)).isCloseTo(3 / 4.48, within(0.01));
    }

    @Test
    void shouldStoreTheLongRunAndStartItEmptyFromTheEarlierForm() {
        RecentDeviations kept = alternating(true);
        BinaryWriter out = new BinaryWriter();
        kept.write(out);
        RecentDeviations restored = new RecentDeviations(1);
        restored.read(new BinaryReader().reset(out.toByteArray(), 0, out.size()), true);
        assertThat(restored.fold(3, 1, BUCKET, true)).isCloseTo(3 / 4.48, within(0.01));

        // the earlier form ends where the long run begins: its values (a two-byte varint, 200), mean and variance
        byte[] earlier = Arrays.copyOf(out.toByteArray(), out.size() - (2 + 4 + 4));
        RecentDeviations fromEarlier = new RecentDeviations(1);
        fromEarlier.read(new BinaryReader().reset(earlier, 0, earlier.length), false);
        assertThat(fromEarlier.fold(3, 1, BUCKET, true)).as("an empty long run confirms nothing").isZero();
    }

    /** 200 deviations alternating 2, 1 of values alternating -1, 1, ending at value 1, deviation 1. */
    private static RecentDeviations alternating(boolean confirmed) {
        RecentDeviations deviations = new RecentDeviations(1);
        for (int i = 0; i < 200; i++) {
            deviations.fold(i % 2 == 0 ? 2 : 1, i % 2 == 0 ? -1 : 1, BUCKET, confirmed);
        }
        return deviations;
    }
}
