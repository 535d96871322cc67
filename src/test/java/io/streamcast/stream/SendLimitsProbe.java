package io.streamcast.stream;

import java.util.Properties;

/** The limits in force in a {@link SendLimits}, for tests outside its package that set them as {@code run} does. */
public final class SendLimitsProbe {

    private SendLimitsProbe() {
    }

    public static SendLimits of(Properties streams) {
        return SendLimits.of(streams);
    }

    public static long deadLetters(SendLimits limits) {
        return limits.deadLetters();
    }

    public static long outputs(SendLimits limits) {
        return limits.outputs();
    }
}
