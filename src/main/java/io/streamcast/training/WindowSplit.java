package io.streamcast.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a round's windows by time, per key, into the windows a candidate trains on, the later ones that decide
 * when its training stops, and the latest ones that judge it against the model in use. Windows overlap (a key
 * sends its last {@code history.length} events every few events), so each later set is kept apart from the one
 * before by a gap: a window counts in an earlier set only if it ends at least {@code gapEvents} events (at the
 * window's own cadence) before the first window of the later set begins. So no event the judge sees has shaped
 * the candidate or its stopping epoch, and the judge's verdict is not flattered by windows the candidate has
 * nearly seen.
 *
 * <p>A key with too few windows for that (with many keys, the bounded training set holds only a few of each) goes
 * whole to one of the three sets, chosen by a stable hash of its name in the same proportions: its windows then
 * share no event with any window of another set, and a round over thousands of keys still has windows to judge.
 *
 * @param train     windows to train on
 * @param earlyStop windows that pick the epoch to keep
 * @param judge     windows that decide publication
 */
record WindowSplit(List<SampleSeries> train, List<SampleSeries> earlyStop, List<SampleSeries> judge) {

    /**
     * @param fraction  share of each key's windows held out for each of the two later sets
     * @param gapEvents least number of events between sets
     */
    static WindowSplit byTime(List<SampleSeries> windows, double fraction, int gapEvents) {
        Map<String, List<SampleSeries>> byKey = new LinkedHashMap<>();
        for (SampleSeries window : windows) {
            byKey.computeIfAbsent(window.key(), k -> new ArrayList<>()).add(window);
        }
        List<SampleSeries> train = new ArrayList<>();
        List<SampleSeries> earlyStop = new ArrayList<>();
        List<SampleSeries> judge = new ArrayList<>();
        for (Map.Entry<String, List<SampleSeries>> entry : byKey.entrySet()) {
            List<SampleSeries> keyWindows = entry.getValue();
            keyWindows.sort(Comparator.comparingLong(SampleSeries::lastTime));
            List<SampleSeries> keyJudge = new ArrayList<>();
            List<SampleSeries> keyEarlyStop = new ArrayList<>();
            List<SampleSeries> rest = takeLatest(keyWindows, fraction, keyJudge);
            rest = before(rest, keyJudge, gapEvents);
            rest = takeLatest(rest, fraction, keyEarlyStop);
            List<SampleSeries> keyTrain = before(rest, keyEarlyStop, gapEvents);
            if (!keyTrain.isEmpty() && !keyEarlyStop.isEmpty() && !keyJudge.isEmpty()) {
                judge.addAll(keyJudge);
                earlyStop.addAll(keyEarlyStop);
                train.addAll(keyTrain);
            } else {
                double place = share(entry.getKey());
                (place < fraction ? judge : place < 2 * fraction ? earlyStop : train).addAll(keyWindows);
            }
        }
        return new WindowSplit(train, earlyStop, judge);
    }

    /** A number in [0, 1) fixed by the key's name alone, the same in every round and on every JVM. */
    private static double share(String key) {
        long h = key.hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Moves the latest {@code fraction} of {@code windows} (at least one, never all) to {@code into}. */
    private static List<SampleSeries> takeLatest(List<SampleSeries> windows, double fraction,
                                                 List<SampleSeries> into) {
        int count = Math.min(windows.size() - 1, Math.max(1, (int) Math.round(windows.size() * fraction)));
        if (count < 1) {
            return windows;
        }
        into.addAll(windows.subList(windows.size() - count, windows.size()));
        return new ArrayList<>(windows.subList(0, windows.size() - count));
    }

    /** The windows that end at least {@code gapEvents} before the first of {@code later} of their key begins. */
    private static List<SampleSeries> before(List<SampleSeries> windows, List<SampleSeries> later, int gapEvents) {
        if (windows.isEmpty()) {
            return windows;
        }
        String key = windows.get(0).key();
        long start = Long.MAX_VALUE;
        for (SampleSeries window : later) {
            if (window.key().equals(key)) {
                start = Math.min(start, window.firstTime());
            }
        }
        List<SampleSeries> kept = new ArrayList<>();
        for (SampleSeries window : windows) {
            if (window.lastTime() + gapEvents * window.cadence() < start) {
                kept.add(window);
            }
        }
        return kept;
    }
}
