package io.streamcast.app.cli;

/**
 * What {@code run} does when the JVM is asked to exit (SIGTERM), which changes as it goes: first close the admin client
 * that sets up the topics, then close the instance. Why one object: a request that comes between two steps must find
 * the step under way, and a step that begins after the request must not begin.
 */
final class StopOnRequest {

    /** A step that a request has nothing to stop in, such as one that has ended. */
    static final Runnable NOTHING = () -> { };

    /** Guarded by {@code this}. */
    private Runnable stop;
    /** Guarded by {@code this}. */
    private boolean requested;

    /**
     * @param first what a request does before the first step is set: a request that comes while that step is being
     *              made ready (an admin client created) is not left doing nothing
     */
    StopOnRequest(Runnable first) {
        stop = first;
    }

    /**
     * Makes {@code next} what a request does from now on.
     *
     * @return false, leaving {@code next} unset, when the request came first: the caller stops instead of beginning
     *         its step
     */
    synchronized boolean next(Runnable next) {
        if (requested) {
            return false;
        }
        stop = next;
        return true;
    }

    /** Runs the step's stop, as the shutdown hook does; later steps do not begin. */
    void request() {
        Runnable current;
        synchronized (this) {
            requested = true;
            current = stop;
        }
        current.run();
    }
}
