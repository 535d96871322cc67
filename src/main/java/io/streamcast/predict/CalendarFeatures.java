package io.streamcast.predict;

import io.streamcast.schema.CalendarFeature;
import java.util.List;

/**
 * Periodic encodings of the event time, as (sin, cos) of the phase within a day or a week, in UTC. A fixed
 * offset to local time only rotates (sin, cos), which the network's first layer absorbs.
 */
public final class CalendarFeatures {

    private static final long DAY_MILLIS = 86_400_000L;
    private static final long WEEK_MILLIS = 7 * DAY_MILLIS;
    /** 1970-01-01 was a Thursday; shifting by three days starts weeks on Monday. */
    private static final long WEEK_START_SHIFT = 3 * DAY_MILLIS;

    private CalendarFeatures() {
    }

    /** Writes two inputs per feature into {@code target} from {@code offset}. */
    public static void encode(List<CalendarFeature> features, long eventTime, float[] target, int offset) {
        for (int i = 0; i < features.size(); i++) {
            double phase = switch (features.get(i)) {
                case TIME_OF_DAY -> Math.floorMod(eventTime, DAY_MILLIS) / (double) DAY_MILLIS;
                case DAY_OF_WEEK -> Math.floorMod(eventTime + WEEK_START_SHIFT, WEEK_MILLIS) / (double) WEEK_MILLIS;
            };
            double angle = 2 * Math.PI * phase;
            target[offset + 2 * i] = (float) Math.sin(angle);
            target[offset + 2 * i + 1] = (float) Math.cos(angle);
        }
    }
}
