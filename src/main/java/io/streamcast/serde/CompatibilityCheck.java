package io.streamcast.serde;

import java.util.List;

/** The registry's verdict on a candidate schema for a subject, with its reasons when it is incompatible. */
public record CompatibilityCheck(boolean compatible, List<String> messages) {

    public CompatibilityCheck {
        messages = List.copyOf(messages);
    }

    public static CompatibilityCheck ofProblems(List<String> problems) {
        return new CompatibilityCheck(problems.isEmpty(), problems);
    }
}
