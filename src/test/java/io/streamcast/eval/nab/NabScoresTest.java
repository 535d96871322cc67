package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class NabScoresTest {

    private static final NabDataFile FILE = new NabDataFile("machines", "a.csv",
            new LocalDateTime[] {LocalDateTime.of(2020, 1, 1, 0, 0), LocalDateTime.of(2020, 1, 1, 0, 5),
                LocalDateTime.of(2020, 1, 1, 0, 10)}, new double[] {1, 2, 3}, List.of());

    /** The third row is row 3, as the results reader and a reader of the file count it, and its time says which. */
    @Test
    void shouldNameANonFiniteScoreByItsRowCountedFromOneAndItsTime() {
        assertThatThrownBy(() -> NabScores.check(FILE, new double[] {0, 0.5, Double.NaN}))
                .hasMessage("machines/a.csv: anomaly score of row 3 (2020-01-01 00:10:00) is NaN");
    }

    @Test
    void shouldRefuseScoresOfAnotherLength() {
        assertThatThrownBy(() -> NabScores.check(FILE, new double[] {0, 0.5}))
                .hasMessage("machines/a.csv has 3 rows but 2 anomaly scores");
    }
}
