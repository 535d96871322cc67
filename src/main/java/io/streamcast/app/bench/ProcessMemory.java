package io.streamcast.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's memory while a phase runs: the largest heap in use and resident set seen by sampling every 100 ms,
 * and the heap still live after a full collection at the end.
 */
final class ProcessMemory implements AutoCloseable {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakHeap;
    private volatile long peakResident;

    ProcessMemory() {
        sampler = new Thread(this::sample, "bench-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
            peakResident = Math.max(peakResident, residentBytes());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long peakHeapBytes() {
        return peakHeap;
    }

    long peakResidentBytes() {
        return peakResident;
    }

    /** Heap in use after a full collection. */
    long liveHeapBytes() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** VmRSS of this process, or 0 where /proc is not there. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
