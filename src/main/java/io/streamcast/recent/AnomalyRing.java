package io.streamcast.recent;

import io.streamcast.anomaly.Statistic;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * Takes out the anomaly of {@code key} at {@code time}, the newest such, if listed: its event's processing was
     * aborted, and its replay raised none, or raised one that takes its place. Newer entries move back a place.
     */
    void remove(byte[] key, long time) {
        for (int i = 1; i <= count; i++) {
            int p = Math.floorMod(next - i, keys.length);
            if (times[p] == time && Arrays.equals(keys[p], key)) {
                for (int q = p, n = (q + 1) % keys.length; n != next; q = n, n = (n + 1) % keys.length) {
                    keys[q] = keys[n];
                    times[q] = times[n];
                    actual[q] = actual[n];
                    forecast[q] = forecast[n];
                    likelihood[q] = likelihood[n];
                    modelVersion[q] = modelVersion[n];
                    cause[q] = cause[n];
                }
                next = Math.floorMod(next - 1, keys.length);
                keys[next] = null;
                count--;
                return;
            }
        }
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
