package io.streamcast.anomaly;

import io.streamcast.codec.BinaryReader;
import io.streamcast.codec.BinaryWriter;

/**
 * One key's anomaly-detector state: its event count, the end of its refractory period and the score of the anomaly
 * that started it, and per scored value the
 * statistics {@link AnomalyScorer} keeps. Fixed in size for given settings; reused from key to key.
 *
 * <h2>Stored form</h2>
 * {@link #write} and {@link #read}, version {@value #VERSION}: events (varint), quiet-until (zigzag varint), the score
 * of the anomaly that started the refractory period (float64), value count and window (varints), then per value: low,
 * high (float32), errors (varint), error scale (float32), judged (varint), the recent normalised errors (float32 each),
 * the drift and volatility records (current, previous; float32 each), the volatility's long run ({@link NormalFit}:
 * values (varint), mean and variance (float32 each)), the record of the share of surprises (current, previous; float32
 * each) and its long run, stored as the volatility's, the previous value (float64), its changes as the errors are
 * stored (changes seen, their scale, judged, the recent normalised changes) and the record of their drift (current,
 * previous; float32 each), whether a daily profile follows (a byte), and if so the profile ({@link DailyProfile}: 24
 * bin means as float64, 24 bin counts as a byte each, deviations (varint), their scale (float32), judged (varint), the
 * recent normalised deviations (float32 each), their record (float32 each) and the long run of their mean magnitude,
 * stored as the volatility's) followed by the weekly deviations, stored as the daily ones are ({@link
 * RecentDeviations}). With one value and a window of 10 that is about 530 bytes, 180 without the profile. Version 9
 * held the profile's means as float32: such a state continues from them, rounded (by up to 32 near 1e9). Version 8
 * held the previous value as a float32: such a state judges its next change from that, rounded. Version 7 had no
 * share of surprises: such a state starts its record and long run empty, so the surprises count for nothing until
 * the fit has two values. Version 6 had no long run of the daily and weekly deviations: such a state starts them empty,
 * so under rhythm confirmation those deviations count for nothing until their fits have two values. Version 5 had no
 * long run of the volatility: such a state starts it empty, so with the volatility confirmation on its volatility
 * counts for nothing until the fit has two values, and is then confirmed by a young fit, which a break passes more
 * easily. Version 4 had no anomaly score: such a key's refractory period runs to its end, escalated by nothing. Version
 * 3 had no weekly deviations: such a state starts them empty. Version 2 had no changes: such a state continues with
 * none, so its drift counts again once the changes have had the learning period. Version 1 held low, high, the error
 * scale and the records as float64 and had no daily profile either: such a state continues with an empty profile, as
 * does one stored without a profile; a stored profile the settings no longer want is dropped.
 */
public final class DetectorState {

    /** The version of the stored form; a state of an unknown version restarts the detector. */
    public static final int VERSION = 10;

    long events;
    long quietUntil;
    double quietScore;
    final ValueStatistics[] values;
    /** The last event's largest ratio of a statistic to its record, and that statistic; not stored. */
    double strongestRatio;
    Statistic cause = Statistic.NONE;

    DetectorState(int valueCount, int window, boolean dailyProfile) {
        this.values = new ValueStatistics[valueCount];
        for (int j = 0; j < valueCount; j++) {
            values[j] = new ValueStatistics(window, dailyProfile);
        }
        reset();
    }

    /** The smallest value the key's scored value {@code value} has taken; +infinity before its first. */
    public double low(int value) {
        return values[value].low;
    }

    /** The largest value the key's scored value {@code value} has taken; -infinity before its first. */
    public double high(int value) {
        return values[value].high;
    }

    /**
     * What scored value {@code value} usually is at {@code timeMillis}'s hour of the day, by the key's daily profile;
     * NaN without a profile or while that hour has too few events.
     */
    public double usual(int value, long timeMillis) {
        DailyProfile daily = values[value].daily;
        return daily == null ? Double.NaN : daily.usual(timeMillis);
    }

    /**
     * The statistic the last scored event's score came from (the one it broke by most); {@link Statistic#NONE}
     * when it scored 0. Describes the last {@link AnomalyScorer#update} only, and is not part of the stored state.
     */
    public Statistic cause() {
        return cause;
    }

    void startEvent() {
        strongestRatio = 0;
        cause = Statistic.NONE;
    }

    /** Keeps {@code ratio} of {@code statistic} if it is the largest of the event so far. */
    void consider(double ratio, Statistic statistic) {
        if (ratio > strongestRatio) {
            strongestRatio = ratio;
            cause = statistic;
        }
    }

    /** Forgets everything: the state of a key never seen. */
    public void reset() {
        events = 0;
        quietUntil = AlarmRule.NEVER;
        quietScore = AlarmRule.NO_ANOMALY;
        for (ValueStatistics value : values) {
            value.reset();
        }
    }

    /**
     * Forgets the forecast errors and their records, keeping the values' range and daily profile: for a new model,
     * whose errors the previous model's say nothing about.
     */
    public void forgetErrors() {
        for (ValueStatistics value : values) {
            value.forgetErrors();
        }
    }

    /**
     * Keeps the forecast errors and their records for a model that refines the one in use, and multiplies the scale
     * that normalises the errors by {@code factor}, how much smaller (below 1) the new model's errors are expected to
     * be: its records, in units of that scale, then keep their meaning at once, where the scale alone would take a
     * bucket of errors to come down.
     */
    public void rescaleErrors(double factor) {
        for (ValueStatistics value : values) {
            value.errors.rescale(factor);
        }
    }

    /** The forecast errors of scored value {@code value} folded in since the model in use came into use. */
    public long errorsSeen(int value) {
        return values[value].errors.seen();
    }

    /**
     * The mean magnitude of scored value {@code value}'s recent forecast errors, the unit its drift and volatility
     * judge them in; 0 before any.
     */
    public double errorScale(int value) {
        return values[value].errors.scale();
    }

    /** Events folded in. */
    public long events() {
        return events;
    }

    /**
     * Takes every count this state keeps (events, and per value its errors, changes, deviations and long runs, each
     * written as a varint) as standing at {@code count}, and its quiet period as ending there: the counts a key's
     * detector can reach, for the measure of the largest state a key stores, which with the counts left at 0 took
     * each at one byte (12 a value, and the events), where a key past a thousand events writes two for each.
     */
    public void countAsAfter(long count) {
        events = count;
        quietUntil = count;
        for (ValueStatistics v : values) {
            v.countAsAfter(count);
        }
    }

    public void write(BinaryWriter out) {
        out.writeVarLong(events);
        out.writeSignedVarLong(quietUntil);
        out.writeDouble(quietScore);
        out.writeVarLong(values.length);
        out.writeVarLong(values[0].errors.window());
        for (ValueStatistics v : values) {
            out.writeFloat(v.low);
            out.writeFloat(v.high);
            v.errors.write(out);
            out.writeFloat(v.drift.current);
            out.writeFloat(v.drift.previous);
            out.writeFloat(v.volatility.current);
            out.writeFloat(v.volatility.previous);
            v.volatilityLongRun.write(out);
            out.writeFloat(v.surprise.current);
            out.writeFloat(v.surprise.previous);
            v.surpriseLongRun.write(out);
            out.writeDouble(v.previous);
            v.changes.write(out);
            out.writeFloat(v.changeDrift.current);
            out.writeFloat(v.changeDrift.previous);
            out.writeBoolean(v.daily != null);
            if (v.daily != null) {
                v.daily.write(out);
                v.weekly.write(out);
            }
        }
    }

    /**
     * Reads a state written by {@link #write} at {@code version} or an earlier one (see the stored form for what an
     * earlier version's key starts without).
     *
     * @return false when it cannot be continued (an unknown version, another value count or window): the caller
     *         restarts it
     */
    public boolean read(BinaryReader in, int version) {
        if (version < 1 || version > VERSION) {
            return false;
        }
        events = in.readVarLong();
        quietUntil = in.readSignedVarLong();
        quietScore = version >= 5 ? in.readDouble() : AlarmRule.NO_ANOMALY;
        int count = in.readCount(values.length + 1);
        int window = in.readCount(AnomalySettings.MAX_WINDOW + 1);
        if (count != values.length || window != values[0].errors.window() || events < 0) {
            return false;
        }
        for (ValueStatistics v : values) {
            boolean wide = version == 1;
            v.low = read(in, wide);
            v.high = read(in, wide);
            v.errors.read(in, wide);
            v.drift.current = read(in, wide);
            v.drift.previous = read(in, wide);
            v.volatility.current = read(in, wide);
            v.volatility.previous = read(in, wide);
            if (version >= 6) {
                v.volatilityLongRun.read(in);
            } else {
                v.volatilityLongRun.reset();
            }
            if (version >= 8) {
                v.surprise.current = in.readFloat();
                v.surprise.previous = in.readFloat();
                v.surpriseLongRun.read(in);
            } else {
                v.surprise.reset();
                v.surpriseLongRun.reset();
            }
            if (version >= 3) {
                // single precision before version 9
                v.previous = version >= 9 ? in.readDouble() : in.readFloat();
                v.changes.read(in, false);
                v.changeDrift.current = in.readFloat();
                v.changeDrift.previous = in.readFloat();
            } else {
                v.forgetChanges();
            }
            boolean stored = version > 1 && in.readBoolean();
            boolean longRunStored = version >= 7;
            boolean wideMeans = version >= 10;
            if (stored && !(v.daily == null ? new DailyProfile(window) : v.daily).read(in, longRunStored,
                    wideMeans)) {
                return false;
            }
            if (stored && version >= 4) {
                (v.weekly == null ? new RecentDeviations(window) : v.weekly).read(in, longRunStored);
            } else if (v.weekly != null) {
                v.weekly.reset();
            }
            if (!stored && v.daily != null) {
                v.daily.reset();
            }
        }
        return true;
    }

    /** A number stored as float64 by version 1 and as float32 since. */
    private static float read(BinaryReader in, boolean wide) {
        return wide ? (float) in.readDouble() : in.readFloat();
    }
}
