package io.streamcast.app.soak;

/**
 * The soak could not set up its run, before any instance started: the schema registry or the brokers of the settings
 * did not answer, or refused. Told apart so that the command says it in one line, naming what did not answer, where
 * it printed a stack trace.
 */
public final class SoakSetupException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    SoakSetupException(String message, RuntimeException cause) {
        super(message, cause);
    }
}
