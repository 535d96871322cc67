package io.streamcast.app;

import java.util.ArrayList;
import java.util.List;

/** Questions about an error's chain of causes. */
final class Causes {

    private Causes() {
    }

    /** Whether {@code error} or one of its causes is of one of {@code types}. */
    @SafeVarargs
    static boolean include(Throwable error, Class<? extends Throwable>... types) {
        for (Throwable e : chain(error)) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(e)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The message of the innermost cause that has one, else the error's class name: Kafka Streams wraps the error
     * that ended a thread in exceptions whose own message may be null.
     */
    static String innermostMessage(Throwable error) {
        List<Throwable> chain = chain(error);
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (chain.get(i).getMessage() != null) {
                return chain.get(i).getMessage();
            }
        }
        return error.getClass().getName();
    }

    /** {@code error} and its causes, outermost first; empty for null. A cause that is its own ends the chain. */
    static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            chain.add(e);
        }
        return chain;
    }
}
