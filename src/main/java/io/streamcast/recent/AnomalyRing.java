package io.streamcast.recent;

import io.streamcast.anomaly.Statistic;
import java.util.ArrayList;
import java.util.List;

/** The latest anomalies in preallocated arrays, oldest overwritten first. Not thread-safe. */
final class AnomalyRing {

    private final byte[][] keys;
    private final long[] times;
    private final double[] actual;
    private final double[] forecast;
    private final double[] likelihood;
    private final long[] modelVersion;
    private final Statistic[] cause;
    private int count;
    private int next;

    AnomalyRing(int capacity) {
        keys = new byte[capacity][];
        times = new long[capacity];
        actual = new double[capacity];
        forecast = new double[capacity];
        likelihood = new double[capacity];
        modelVersion = new long[capacity];
        cause = new Statistic[capacity];
    }

    void add(byte[] key, long time, double value, double forecastValue, double likelihoodValue, long version,
             Statistic statistic) {
        keys[next] = key;
        times[next] = time;
        actual[next] = value;
        forecast[next] = forecastValue;
        likelihood[next] = likelihoodValue;
        modelVersion[next] = version;
        cause[next] = statistic;
        next = (next + 1) % keys.length;
        count = Math.min(count + 1, keys.length);
    }

    List<RecentAnomaly> newestFirst() {
        List<RecentAnomaly> latest = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            int p = Math.floorMod(next - i, keys.length);
            latest.add(new RecentAnomaly(keys[p],
                    times[p], actual[p], forecast[p], likelihood[p],
                    modelVersion[p], cause[p]));
        }
        return latest;
    }
}
