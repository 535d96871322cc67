package io.streamcast.eval.nab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Small series with windows given by row ranges, for checking NAB's rules by hand. */
final class SyntheticFiles {

    static final LocalDateTime START = LocalDateTime.of(2020, 1, 1, 0, 0);

    private SyntheticFiles() {
    }

    /** A file of {@code rows} five-minute rows; {@code windowRows} holds {@code {first, last}} row pairs. */
    static NabDataFile file(String name, int rows, int[]... windowRows) {
        LocalDateTime[] timestamps = new LocalDateTime[rows];
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++) {
            timestamps[i] = START.plusMinutes(5L * i);
            values[i] = Math.sin(i / 10.0);
        }
        List<AnomalyWindow> windows = new ArrayList<>();
        for (int[] w : windowRows) {
            windows.add(new AnomalyWindow(timestamps[w[0]], timestamps[w[1]]));
        }
        return new NabDataFile("synthetic", name, timestamps, values, windows);
    }

    /** Scores of 0 with 1 on the given rows. */
    static double[] detections(int rows, int... detectedRows) {
        double[] scores = new double[rows];
        for (int r : detectedRows) {
            scores[r] = 1.0;
        }
        return scores;
    }
}
