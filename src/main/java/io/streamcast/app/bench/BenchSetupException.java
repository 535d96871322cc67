package io.streamcast.app.bench;

/**
 * The bench could not set up its topics on the cluster it was given: its brokers did not answer, or refused. Told
 * apart so that the command says it in one line, naming the setting that points at them, where it printed a stack
 * trace after a minute of the admin client's warnings.
 */
public final class BenchSetupException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    BenchSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
