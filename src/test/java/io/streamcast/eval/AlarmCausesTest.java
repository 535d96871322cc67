package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.anomaly.Statistic;
import io.streamcast.eval.nab.AnomalyWindow;
import io.streamcast.eval.nab.NabDataFile;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmCausesTest {

    /** 1,000 five-minute rows (NAB's probation: the first 150) with one window over rows 500..599. */
    private static NabDataFile file() {
        LocalDateTime[] times = new LocalDateTime[1000];
        double[] values = new double[1000];
        for (int i = 0; i < times.length; i++) {
            times[i] = LocalDateTime.of(2020, 1, 1, 0, 0).plusMinutes(5L * i);
        }
        return new NabDataFile("synthetic", "series.csv", times, values,
                List.of(new AnomalyWindow(times[500], times[599])));
    }

    @Test
    void shouldCountEachAnomalyByItsCauseInsideOrOutsideTheWindowsLeavingOutTheProbationPeriod() {
        NabDataFile file = file();
        assertThat(file.probationLength()).isEqualTo(150);
        AlarmCauses causes = new AlarmCauses();
        causes.count(file, 100, Statistic.RANGE);
        causes.count(file, 300, Statistic.RANGE);
        causes.count(file, 550, Statistic.RANGE);
        causes.count(file, 599, Statistic.DAILY);
        causes.count(file, 600, Statistic.DRIFT);

        assertThat(causes.inside(Statistic.RANGE)).isEqualTo(1);
        assertThat(causes.outside(Statistic.RANGE)).as("row 100 is in the probation period").isEqualTo(1);
        assertThat(causes.inside(Statistic.DAILY)).isEqualTo(1);
        assertThat(causes.outside(Statistic.DRIFT)).isEqualTo(1);
        assertThat(causes.inside(Statistic.VOLATILITY) + causes.outside(Statistic.VOLATILITY)).isZero();
        assertThat(causes.summaryLine("alarms-by-cause"))
                .isEqualTo("alarms-by-cause range=1/1 drift=0/1 volatility=0/0 daily=1/0 weekly=0/0 surprise=0/0");
    }
}
