package io.streamcast.testing;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/** An executor that runs nothing until the test says so, on the test's thread, so background work is stepped. */
public final class ManualExecutor extends AbstractExecutorService {

    private final Queue<Runnable> queued = new ArrayDeque<>();
    private boolean shutdown;
    private int executed;

    @Override
    public synchronized void execute(Runnable task) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        queued.add(task);
    }

    /** Runs every queued task; returns how many ran. */
    public int runAll() {
        int ran = 0;
        for (Runnable task = next(); task != null; task = next()) {
            task.run();
            ran++;
        }
        synchronized (this) {
            executed += ran;
        }
        return ran;
    }

    private synchronized Runnable next() {
        return queued.poll();
    }

    /** Tasks submitted and not run yet. */
    public synchronized int pending() {
        return queued.size();
    }

    /** Tasks run so far. */
    public synchronized int executed() {
        return executed;
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> dropped = List.copyOf(queued);
        queued.clear();
        return dropped;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queued.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }
}
