package io.streamcast.recent;

import io.streamcast.predict.InputPosition;
import io.streamcast.predict.StepResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What this instance predicted recently, for the web console: the latest {@code points} predictions of up to
 * {@code keys} recently active keys, the latest anomalies, and running forecast error sums.
 *
 * <p>The predictor calls {@link #record} once per prediction. It allocates nothing: a key's ring is allocated
 * once per slot and reused when the slot passes to another key, chosen by the clock algorithm (a key written since
 * the hand last passed gets a second chance), so the keys kept are the recently active ones. HTTP threads copy
 * what they read under the same lock, which is held for a few array writes only.
 *
 * <p>Only the instance that processed a key's events has its series; queries go to that instance. The series is
 * not stored anywhere: after a restart or a move of the key's partition it starts again with the next event.
 * Points follow the order in which events were processed: a late event accepted by the late-event policy comes
 * after later ones. An event processed again (an aborted transaction's, whose key's state is rolled back to the
 * transaction's start, or one read again under at-least-once) is recorded once, with its latest processing's figures:
 * a key's records come from one partition in offset order, so one at or before the offset of the key's latest, and no
 * later than its latest event, was recorded already, and its point, found by its offset, takes them. Recorded again,
 * it showed twice in the key's chart, and twice among the latest anomalies; kept as first processed, the chart and the
 * latest anomalies showed the aborted transaction's figures where the replay's were committed.
 */
public final class RecentActivity {

    private final int forecastValueIndex;
    private final int points;
    private final KeyTrack[] tracks;
    private final KeyIndex index;
    private int used;
    private int hand;
    private final AnomalyRing anomalies;
    private long errorEvents;
    private double modelError;
    private double persistenceError;

    /**
     * The most memory the predictions of {@code keys} keys of {@code points} points take once that many keys have
     * been active: their arrays, without the few objects per key around them.
     */
    public static long bytesAtMost(int keys, int points) {
        return (long) keys * points * KeyTrack.BYTES_PER_POINT;
    }

    /**
     * @param forecastValueIndex the index, among an event's values, of the first forecast value: the one tracked
     * @param keys               most keys tracked at once
     * @param points             predictions kept per key
     * @param anomalies          most recent anomalies kept
     */
    public RecentActivity(int forecastValueIndex, int keys, int points, int anomalies) {
        if (keys < 1 || points < 2 || anomalies < 1) {
            throw new IllegalArgumentException("need at least one key, two points and one anomaly, got " + keys
                    + ", " + points + ", " + anomalies);
        }
        this.forecastValueIndex = forecastValueIndex;
        this.points = points;
        this.tracks = new KeyTrack[keys];
        this.index = new KeyIndex(keys);
        this.anomalies = new AnomalyRing(anomalies);
    }

    /** Predictions kept per key: the most points of a key's series. */
    public int points() {
        return points;
    }

    /**
     * Records the prediction {@code result} made for the event at {@code eventTime} of the key whose record key is
     * {@code key}, read at {@code offset} of the events topic's {@code partition} ({@link InputPosition#NONE} for
     * both when not known); the array is kept, so it must not change afterwards. An event this key's series holds
     * already, processed again, is not recorded again: its point takes this processing's figures.
     */
    public synchronized void record(byte[] key, long eventTime, StepResult result, int partition, long offset) {
        KeyTrack track = track(key);
        boolean interval = result.hasInterval();
        float next = (float) result.forecast(1, 0);
        float nextLow = interval ? (float) result.lower(1, 0) : Float.NaN;
        float nextHigh = interval ? (float) result.upper(1, 0) : Float.NaN;
        if (track.replays(partition, offset, eventTime)) {
            replace(track, key, eventTime, offset, result, next, nextLow, nextHigh);
            return;
        }
        track.readAt(partition, offset, eventTime);
        float actual = (float) result.observed(forecastValueIndex);
        if (track.size > 0) {
            countError(actual, track.nextForecast, track.lastActual(), 1);
        }
        if (result.isAnomaly()) {
            anomalies.add(key, eventTime, actual, track.nextForecast, result.likelihood(), result.modelVersion(),
                    result.anomalyCause());
        }
        track.add(offset, eventTime, actual, (float) result.likelihood(), result.isAnomaly(), result.scoring(),
                result.modelVersion(), next, nextLow, nextHigh);
        track.referenced = true;
    }

    /**
     * Gives the point of an event processed again the figures of this, its latest processing, which is the one whose
     * outputs were committed (the first was an aborted transaction's): its scores, and the forecast made at it for the
     * key's next event, which the next point holds, with that point's count in the forecast error, and its place among
     * the latest anomalies. Kept, the first processing's figures stayed in the chart. The same event, its actual value
     * is the same.
     */
    private void replace(KeyTrack track, byte[] key, long eventTime, long offset, StepResult result, float next,
                         float nextLow, float nextHigh) {
        int position = track.positionOf(offset, eventTime);
        if (position < 0) {
            return;
        }
        if (track.isAnomaly(position)) {
            anomalies.remove(key, eventTime);
        }
        if (result.isAnomaly()) {
            anomalies.add(key, eventTime, track.actual[position], track.forecast[position], result.likelihood(),
                    result.modelVersion(), result.anomalyCause());
        }
        track.score(position, (float) result.likelihood(), result.isAnomaly(), result.scoring(),
                result.modelVersion());
        if (track.isLatest(position)) {
            track.nextForecast = next;
            track.nextLower = nextLow;
            track.nextUpper = nextHigh;
            return;
        }
        int following = track.after(position);
        float actual = track.actual[following];
        countError(actual, track.forecast[following], track.actual[position], -1);
        countError(actual, next, track.actual[position], 1);
        track.forecast[following] = next;
        track.lower[following] = nextLow;
        track.upper[following] = nextHigh;
    }

    /** Adds ({@code sign} 1) or takes back (-1) an event's forecast error, when a forecast was made of it. */
    private void countError(float actual, float forecast, float previousActual, int sign) {
        if (!Float.isNaN(forecast)) {
            errorEvents += sign;
            modelError += sign * Math.abs(actual - forecast);
            persistenceError += sign * Math.abs(actual - previousActual);
        }
    }

    private KeyTrack track(byte[] key) {
        int slot = index.get(key);
        if (slot >= 0) {
            return tracks[slot];
        }
        if (used < tracks.length) {
            slot = used++;
            tracks[slot] = new KeyTrack(points);
        } else {
            while (tracks[hand].referenced) {
                tracks[hand].referenced = false;
                hand = (hand + 1) % tracks.length;
            }
            slot = hand;
            hand = (hand + 1) % tracks.length;
            index.remove(tracks[slot].key);
        }
        tracks[slot].reset(key);
        index.put(key, slot);
        return tracks[slot];
    }

    /** A copy of the latest predictions of the record key {@code key}; empty when this instance does not track it. */
    public synchronized Optional<KeySeries> series(byte[] key) {
        int slot = index.get(key);
        return slot < 0 ? Optional.empty() : Optional.of(tracks[slot].copy());
    }

    /** The latest anomalies, newest first. */
    public synchronized List<RecentAnomaly> anomalies() {
        return anomalies.newestFirst();
    }

    /** The tracked keys, in no particular order. */
    public synchronized List<String> keys() {
        List<String> keys = new ArrayList<>(used);
        for (int i = 0; i < used; i++) {
            keys.add(new String(tracks[i].key, StandardCharsets.UTF_8));
        }
        return keys;
    }

    public synchronized ForecastErrorTotals errors() {
        return new ForecastErrorTotals(errorEvents, modelError, persistenceError);
    }
}
