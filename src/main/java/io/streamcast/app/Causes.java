package io.streamcast.app;

/** Questions about an error's chain of causes. */
final class Causes {

    private Causes() {
    }

    /** Whether {@code error} or one of its causes is of one of {@code types}. */
    @SafeVarargs
    static boolean include(Throwable error, Class<? extends Throwable>... types) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(e)) {
                    return true;
                }
            }
        }
        return false;
    }
}
