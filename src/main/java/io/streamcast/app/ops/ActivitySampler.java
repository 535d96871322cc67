package io.streamcast.app.ops;

import io.streamcast.recent.ForecastErrorTotals;
import io.streamcast.stream.StreamcastMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples this instance's counts at a fixed period, on boundaries of the wall clock (so that the samples of
 * several instances line up), and keeps the last ones, so that the console can chart rates over the last minutes.
 */
public final class ActivitySampler implements AutoCloseable {

    /** Time between samples. */
    public static final Duration PERIOD = Duration.ofSeconds(2);
    /** Samples kept: ten minutes. */
    static final int KEPT = 300;

    private final Supplier<StreamcastMetrics.Totals> totals;
    private final Supplier<ForecastErrorTotals> errors;
    private final Clock clock;
    private final Sample[] samples = new Sample[KEPT];
    private int count;
    private int next;
    private ScheduledExecutorService timer;

    public ActivitySampler(Supplier<StreamcastMetrics.Totals> totals, Supplier<ForecastErrorTotals> errors,
                           Clock clock) {
        this.totals = totals;
        this.errors = errors;
        this.clock = clock;
    }

    /** Takes a sample now, then at every boundary of {@link #PERIOD}. */
    public void start() {
        sample();
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "streamcast-console-sampler");
            thread.setDaemon(true);
            return thread;
        });
        long period = PERIOD.toMillis();
        long delay = period - Math.floorMod(clock.millis(), period);
        timer.scheduleAtFixedRate(this::sample, delay, period, TimeUnit.MILLISECONDS);
    }

    /** Takes a sample now. */
    public void sample() {
        Sample sample = new Sample(clock.millis(), totals.get(), errors.get());
        synchronized (samples) {
            samples[next] = sample;
            next = (next + 1) % KEPT;
            count = Math.min(count + 1, KEPT);
        }
    }

    /** The samples kept, oldest first. */
    public List<Sample> samples() {
        synchronized (samples) {
            List<Sample> all = new ArrayList<>(count);
            for (int i = count; i >= 1; i--) {
                all.add(samples[Math.floorMod(next - i, KEPT)]);
            }
            return all;
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The counts at one moment. */
    public record Sample(long time, StreamcastMetrics.Totals totals, ForecastErrorTotals errors) {
    }
}
