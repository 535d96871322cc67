package io.streamcast.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for training rounds, kept below the stream threads so that a round takes only the CPU time prediction
 * leaves over. Java's thread priority alone does nothing on Linux (HotSpot ignores it unless started with
 * {@code -XX:ThreadPriorityPolicy=1}), so on Linux each thread also raises its own nice value to
 * {@value #NICE} with {@code renice} as it starts: Linux schedules a nice-19 thread at about 1.5% of the weight of
 * a nice-0 one when both want the CPU, and at full speed when the CPU is idle. The trainer's worker threads are
 * created from this thread and inherit its nice value. Raising one's own nice value needs no privilege; where it
 * cannot be done the round runs at normal priority and this is logged once. The nice value alone does not keep a
 * round from slowing prediction: in the stream benchmark a round at full speed still cost the stream about a
 * quarter of its rate (why is not known; an outside CPU-bound process at nice 19 cost it nothing), so
 * {@link TrainerProcessor} also caps a round's CPU ({@code training.cpu.share}).
 */
final class TrainerThreads implements ThreadFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerThreads.class);
    static final int NICE = 19;
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(() -> {
            lowerOwnPriority();
            task.run();
        }, "streamcast-trainer");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    }

    /** Raises the calling thread's nice value, on Linux; returns whether it did. */
    static boolean lowerOwnPriority() {
        Path self = Path.of("/proc/thread-self");
        if (!Files.exists(self)) {
            return false;
        }
        try {
            String tid = Files.readSymbolicLink(self).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (renice.waitFor(10, TimeUnit.SECONDS) && renice.exitValue() == 0) {
                return true;
            }
            renice.destroyForcibly();
            warn("renice exited with " + (renice.isAlive() ? "no status" : renice.exitValue()));
        } catch (IOException | RuntimeException e) {
            warn(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static void warn(String why) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("Training threads run at normal priority: cannot lower it ({})", why);
        }
    }
}
