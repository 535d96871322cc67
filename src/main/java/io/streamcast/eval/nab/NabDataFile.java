package io.streamcast.eval.nab;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One series of the corpus with its labelled windows, and what NAB derives from them before any detector is
 * scored: which window each row lies in, the probation period, and each row's unweighted sweep value (the
 * reward or penalty a detection on that row would bring, before a profile's weights).
 *
 * <p>The derivation follows NAB's sweeper: a window covers the rows from the first row at its start
 * timestamp to the first row at its end timestamp; a row inside a window at index {@code i} of a window
 * {@code [L, R]} has position {@code -(R - i + 1) / (R - L + 1)}; a row after a window has position
 * {@code |R - i| / (R - L)} relative to the closest preceding window, and a row before any window counts as
 * a false positive far from every window (-1).
 */
public final class NabDataFile {

    private static final int OUTSIDE = -1;

    private final String category;
    private final String name;
    private final LocalDateTime[] timestamps;
    private final double[] values;
    private final List<AnomalyWindow> windows;
    private final int[] windowStartRow;
    private final int[] windowEndRow;
    private final int[] rowWindow;
    private final double[] unweightedSweep;
    private final int probationLength;

    /**
     * @param category  the corpus folder, e.g. {@code realTweets}
     * @param name      the file name, e.g. {@code Twitter_volume_AAPL.csv}
     * @param windows   labelled windows in time order; each limit must be a timestamp of this file
     */
    public NabDataFile(String category, String name, LocalDateTime[] timestamps, double[] values,
                       List<AnomalyWindow> windows) {
        this.category = Objects.requireNonNull(category, "category");
        this.name = Objects.requireNonNull(name, "name");
        this.timestamps = timestamps.clone();
        this.values = values.clone();
        this.windows = List.copyOf(windows);
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(relativePath() + ": " + timestamps.length + " timestamps but "
                    + values.length + " values");
        }
        this.windowStartRow = new int[this.windows.size()];
        this.windowEndRow = new int[this.windows.size()];
        locateWindows();
        this.probationLength = NabRules.probationLength(timestamps.length);
        this.rowWindow = new int[timestamps.length];
        this.unweightedSweep = new double[timestamps.length];
        computeSweepValues();
    }

    private void locateWindows() {
        if (windows.isEmpty()) {
            return;
        }
        Map<LocalDateTime, Integer> firstRow = new HashMap<>(timestamps.length * 2);
        for (int i = timestamps.length - 1; i >= 0; i--) {
            firstRow.put(timestamps[i], i);
        }
        for (int w = 0; w < windows.size(); w++) {
            AnomalyWindow window = windows.get(w);
            windowStartRow[w] = rowOf(firstRow, window.start(), window);
            windowEndRow[w] = rowOf(firstRow, window.end(), window);
            if (windowEndRow[w] < windowStartRow[w]) {
                throw new IllegalArgumentException(relativePath() + ": window " + describe(window)
                        + " ends on a row before the row it starts on");
            }
            // NAB's sweeper enters windows in the order listed and never nests them; anything else would be
            // scored silently wrong, so refuse it.
            if (w > 0 && windowStartRow[w] < windowStartRow[w - 1]) {
                throw new IllegalArgumentException(relativePath() + ": window " + describe(window)
                        + " is listed after a later one, " + describe(windows.get(w - 1)) + ": list a file's"
                        + " windows in time order, the order NAB's scorer reads them in");
            }
            if (w > 0 && windowStartRow[w] <= windowEndRow[w - 1]) {
                throw new IllegalArgumentException(relativePath() + ": window " + describe(window)
                        + " does not start after the window before it ends");
            }
        }
    }

    private int rowOf(Map<LocalDateTime, Integer> firstRow, LocalDateTime limit, AnomalyWindow window) {
        Integer row = firstRow.get(limit);
        if (row == null) {
            throw new IllegalArgumentException(relativePath() + ": window limit " + NabTimestamps.format(limit)
                    + " of " + describe(window) + " is not a timestamp of the file");
        }
        return row;
    }

    private static String describe(AnomalyWindow window) {
        return "[" + NabTimestamps.format(window.start()) + ", " + NabTimestamps.format(window.end()) + "]";
    }

    private void computeSweepValues() {
        int next = 0;
        int current = OUTSIDE;
        int previousEnd = -1;
        double previousWidth = 0;
        for (int i = 0; i < timestamps.length; i++) {
            if (current == OUTSIDE && next < windows.size() && i == windowStartRow[next]) {
                current = next++;
            }
            rowWindow[i] = current;
            if (current != OUTSIDE) {
                int end = windowEndRow[current];
                double width = end - windowStartRow[current] + 1;
                unweightedSweep[i] = NabRules.scaledSigmoid(-(end - i + 1) / width);
                if (i == end) {
                    previousEnd = end;
                    previousWidth = width;
                    current = OUTSIDE;
                }
            } else if (previousEnd < 0) {
                unweightedSweep[i] = -1.0;
            } else {
                unweightedSweep[i] = NabRules.scaledSigmoid(Math.abs(previousEnd - i) / (previousWidth - 1));
            }
        }
    }

    /** The corpus folder, e.g. {@code realTweets}. */
    public String category() {
        return category;
    }

    /** The file name, e.g. {@code Twitter_volume_AAPL.csv}. */
    public String name() {
        return name;
    }

    /** NAB's key for the file: {@code category/name}. */
    public String relativePath() {
        return category + "/" + name;
    }

    public int length() {
        return timestamps.length;
    }

    public LocalDateTime timestamp(int row) {
        return timestamps[row];
    }

    public double value(int row) {
        return values[row];
    }

    /** A copy of the series' values. */
    public double[] values() {
        return values.clone();
    }

    public List<AnomalyWindow> windows() {
        return windows;
    }

    /** The first row of window {@code w}. */
    public int windowStartRow(int w) {
        return windowStartRow[w];
    }

    /** The last row of window {@code w}. */
    public int windowEndRow(int w) {
        return windowEndRow[w];
    }

    /** NAB's ground-truth label: 1 inside a labelled window, else 0. */
    public int label(int row) {
        return rowWindow[row] == OUTSIDE ? 0 : 1;
    }

    /** The index of the window the row lies in, or -1 outside every window. */
    public int windowOfRow(int row) {
        return rowWindow[row];
    }

    /** Rows {@code 0 .. probationLength()-1} are never scored. */
    public int probationLength() {
        return probationLength;
    }

    /** Whether window {@code w} has a row after the probation period, i.e. takes part in the score at all. */
    public boolean isScored(int w) {
        return windowEndRow[w] >= probationLength;
    }

    /** The reward (inside a window) or penalty (outside) of a detection on the row, before profile weights. */
    double unweightedSweep(int row) {
        return unweightedSweep[row];
    }
}
