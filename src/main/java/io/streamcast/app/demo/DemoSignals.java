package io.streamcast.app.demo;

import java.util.SplittableRandom;

/**
 * Synthetic metrics for {@code demo}: per key a daily and a weekly rhythm with noise, each key on its own scale
 * (from about 1 to about 10,000) so that per-key scaling matters, and now and then an injected anomaly: a spike
 * or a short level shift. Deterministic for a seed.
 */
public final class DemoSignals {

    /** Ten-minute buckets: 144 events a day. */
    public static final long STEP_MILLIS = 600_000L;
    public static final long START_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00Z
    private static final double EVENTS_PER_DAY = 144;
    private static final double ANOMALY_RATE = 0.002;

    private final double[] scale;
    private final double[] level;
    private final double[] dailyAmplitude;
    private final double[] weeklyAmplitude;
    private final double[] phase;
    private final double[] noise;
    private final SplittableRandom[] random;
    private final int[] shiftLeft;
    private final boolean[] injected;

    public DemoSignals(int keys, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        scale = new double[keys];
        level = new double[keys];
        dailyAmplitude = new double[keys];
        weeklyAmplitude = new double[keys];
        phase = new double[keys];
        noise = new double[keys];
        random = new SplittableRandom[keys];
        shiftLeft = new int[keys];
        injected = new boolean[keys];
        for (int k = 0; k < keys; k++) {
            scale[k] = Math.pow(10, root.nextDouble(0, 4));
            level[k] = root.nextDouble(2, 5);
            dailyAmplitude[k] = root.nextDouble(0.5, 1.5);
            weeklyAmplitude[k] = root.nextDouble(0, 0.5);
            phase[k] = root.nextDouble(0, 2 * Math.PI);
            noise[k] = root.nextDouble(0.03, 0.15);
            random[k] = root.split();
        }
    }

    public int keys() {
        return scale.length;
    }

    public static String keyName(int k) {
        return String.format("sensor-%03d", k);
    }

    public static long time(long step) {
        return START_MILLIS + step * STEP_MILLIS;
    }

    /** The first step whose time is after {@code millis}: where a stream that reached it goes on. */
    public static long stepAfter(long millis) {
        return millis < START_MILLIS ? 0 : Math.floorDiv(millis - START_MILLIS, STEP_MILLIS) + 1;
    }

    /** Key {@code k}'s value at {@code step}; call with increasing steps per key. */
    public double value(int k, long step) {
        SplittableRandom r = random[k];
        double day = 2 * Math.PI * step / EVENTS_PER_DAY;
        double x = level[k] + dailyAmplitude[k] * Math.sin(day + phase[k])
                + weeklyAmplitude[k] * Math.sin(day / 7 + phase[k])
                + noise[k] * r.nextGaussian();
        injected[k] = false;
        if (shiftLeft[k] > 0) {
            shiftLeft[k]--;
            x += 1.5;
        } else if (r.nextDouble() < ANOMALY_RATE) {
            injected[k] = true;
            if (r.nextBoolean()) {
                x += (r.nextBoolean() ? 1 : -1) * 2.5;
            } else {
                shiftLeft[k] = 12;
                x += 1.5;
            }
        }
        return scale[k] * x;
    }

    /** Whether key {@code k}'s latest value starts an injected anomaly (a spike, or the first of a shift). */
    public boolean injected(int k) {
        return injected[k];
    }
}
