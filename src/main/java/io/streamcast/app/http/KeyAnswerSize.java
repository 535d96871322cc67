package io.streamcast.app.http;

import io.streamcast.predict.InputSpec;
import io.streamcast.predict.KeyStateView;

/**
 * The most bytes a key's answer can take, {@code /keys/{key}}'s or the console's (which carries the former and the
 * key's series), and so what this instance reads of an owner's answer before it refuses to relay it ({@link
 * PeerClient}). Instances of one application share the spec (a model is trained for it) and are configured alike, so
 * an owner's answer is bounded by this instance's settings, with {@link #HEADROOM} for the moments they are not.
 *
 * <p>An answer is a few scalars and names, and arrays whose lengths the settings fix: the forecast and the forecaster
 * behind each of its values, {@code [horizon][forecast value]}; each forecaster's errors, of the same layout; and the
 * console's series of at most {@code console.points} points, nine arrays of one element a point. Every element is a
 * number, a boolean, null, a forecaster's name or how far an event was scored ({@code "relearning"}), none wider than
 * 24 characters with its separator (a double such as
 * {@code -2.2250738585072014E-308}, a long such as {@code -9223372036854775808}); {@link #VALUE_BYTES} is more.
 */
final class KeyAnswerSize {

    /** The widest element of an answer's arrays, 25 bytes with its separator, rounded up, with room for brackets. */
    static final int VALUE_BYTES = 32;
    /**
     * All the rest, far more than it takes: the key named twice in the console's answer, each at most 512 bytes
     * (longer keys are dead-lettered) written out, JSON-escaped and percent-encoded, under 9 KiB; the instance's
     * host and port, the field names and scalars (the key's scoring progress among them), under 2 KiB; and an
     * owner's error reasons, which quote the key.
     */
    static final int REST_BYTES = 64 << 10;
    /**
     * The arrays of the console's series: time, actual, forecast, lower, upper, likelihood, anomaly, scoring, version.
     */
    static final int SERIES_ARRAYS = 9;

    private KeyAnswerSize() {
    }

    /**
     * How many times {@link #widest} an owner's answer may take: instances are configured alike, but not at every
     * moment (a rolling change of {@code console.points} or of the horizon), nor are their releases (a newer one may
     * answer a field more); a key's view that worked before such a change keeps working through it, while an answer
     * that could only come from a broken or hostile owner is still cut off at a few megabytes at most.
     */
    static final int HEADROOM = 4;

    /** What is read of an owner's answer at most: {@link #HEADROOM} times {@link #widest}. */
    static long atMost(InputSpec spec, int points) {
        return HEADROOM * widest(spec, points);
    }

    /**
     * The most bytes a key's answer takes with this instance's settings.
     *
     * @param points the most points of a key's series, {@code console.points}; 0 for an instance without console
     */
    static long widest(InputSpec spec, int points) {
        long stateValues = (long) spec.horizon() * spec.forecastCount() * (2 + KeyStateView.FORECASTERS);
        return REST_BYTES + VALUE_BYTES * (stateValues + (long) SERIES_ARRAYS * points);
    }
}
