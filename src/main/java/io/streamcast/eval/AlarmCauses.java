package io.streamcast.eval;

import io.streamcast.anomaly.Statistic;
import io.streamcast.eval.nab.NabDataFile;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The stream's anomalies over a NAB corpus, counted by the statistic each came from ({@link Statistic}) and by
 * whether it fell inside a labelled window or outside every one; anomalies in a file's probation period, which NAB
 * does not score, are left out. Says which of the detector's statistics find anomalies and which raise false
 * alarms, at the configured threshold (an in-sample view: the windows are the ones the threshold was chosen on).
 * Files may be counted from several threads.
 */
public final class AlarmCauses {

    private static final Statistic[] STATISTICS = Statistic.values();
    private final AtomicIntegerArray inside = new AtomicIntegerArray(STATISTICS.length);
    private final AtomicIntegerArray outside = new AtomicIntegerArray(STATISTICS.length);

    /** Counts an anomaly on {@code row} of {@code file} that came from {@code cause}. */
    public void count(NabDataFile file, int row, Statistic cause) {
        if (row < file.probationLength()) {
            return;
        }
        (file.windowOfRow(row) >= 0 ? inside : outside).incrementAndGet(cause.ordinal());
    }

    /** Anomalies from {@code cause} inside labelled windows. */
    public int inside(Statistic cause) {
        return inside.get(cause.ordinal());
    }

    /** Anomalies from {@code cause} outside every labelled window: false alarms. */
    public int outside(Statistic cause) {
        return outside.get(cause.ordinal());
    }

    /** One line: {@code label range=I/O drift=I/O ...}, I inside windows and O outside, per statistic. */
    public String summaryLine(String label) {
        StringBuilder line = new StringBuilder(label);
        for (Statistic cause : STATISTICS) {
            if (cause != Statistic.NONE) {
                line.append(String.format(Locale.ROOT, " %s=%d/%d", cause.label(),
                        inside(cause), outside(cause)));
            }
        }
        return line.toString();
    }
}
