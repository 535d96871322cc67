package io.streamcast.eval.nab;

import java.time.LocalDateTime;
import java.util.Objects;

/** A labelled anomaly window: both limits are timestamps of the data file's rows, and both rows are inside. */
public record AnomalyWindow(LocalDateTime start, LocalDateTime end) {

    public AnomalyWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("window ends before it starts: [" + start + ", " + end + "]");
        }
    }
}
