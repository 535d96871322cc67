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

    /** {@code error} and its causes, outermost first; empty for null. A cause that is its own ends the chain. */
    static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            chain.add(e);
        }
        return chain;
    }
}
