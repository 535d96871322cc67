package io.streamcast.eval.nab;

import java.io.IOException;

/** A corpus, label, profile or result file that does not have the shape NAB gives it. */
public final class NabFormatException extends IOException {

    public NabFormatException(String message) {
        super(message);
    }

    public NabFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
