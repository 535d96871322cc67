package io.streamcast.app.soak;

/**
 * The cluster, not the application, broke a guarantee the soak relies on: a transaction the broker left open for
 * good after its producer had moved on ({@link HangingTransactions}). The soak stops at once with it, naming what it
 * found, so that a run which could not be judged is told apart from one that found the application at fault.
 */
public final class BrokerFaultException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    BrokerFaultException(String message) {
        super(message);
    }
}
