package io.streamcast.app.soak;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A soak's instances of {@code run}, one per slot, each a static member named after its slot: a killed one is
 * replaced in its slot, every few times on an empty state directory; one that exited by itself is counted as a crash
 * (or, when {@link BrokerRestartFencing} takes it for fenced after a broker restart, as such), the end of its log
 * printed, and restarted in its slot on its state directory, as an orchestrator would.
 */
final class SoakInstances {

    /** Lines of a crashed instance's log the report prints. */
    private static final int CRASH_LOG_LINES = 40;
    /**
     * Exits by itself per slot, counted over all slots (crashes and fenced exits alike), that end the run: instances
     * that keep exiting would not finish the events, and the run would only wait out its drain.
     */
    private static final int CRASHES_PER_SLOT = 3;

    private final Map<String, Object> settings;
    private final SoakPlan plan;
    private final Path directory;
    private final String applicationId;
    private final PrintStream out;
    private final InstanceProcess[] slots;
    private final Path[] stateDirs;
    private final BrokerRestartFencing fencing;
    private int launches;
    private int kills;
    private int killsOfReady;
    private int restarts;
    private int freshStateRestarts;
    private int crashed;
    private int fencedAfterBrokerRestart;
    /** Set once the instances are stopped; none is started or reported as crashed after. */
    private volatile boolean stopped;

    SoakInstances(Map<String, Object> settings, SoakPlan plan, Path directory, String applicationId,
                  BrokerRestartFencing fencing, PrintStream out) {
        this.settings = settings;
        this.plan = plan;
        this.directory = directory;
        this.applicationId = applicationId;
        this.fencing = fencing;
        this.out = out;
        slots = new InstanceProcess[plan.instances()];
        stateDirs = new Path[plan.instances()];
    }

    void startAll() {
        for (int slot = 0; slot < slots.length; slot++) {
            stateDirs[slot] = directory.resolve("state-" + slot + "-0");
            launch(slot);
        }
    }

    /**
     * Starts an instance in {@code slot}, unless the instances were stopped: a replacement launched while the soak is
     * being stopped would outlive it.
     */
    private synchronized void launch(int slot) {
        if (stopped) {
            return;
        }
        Map<String, Object> instance = new HashMap<>(settings);
        instance.put(StreamsConfig.STATE_DIR_CONFIG, stateDirs[slot].toString());
        instance.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, applicationId + "-" + slot);
        slots[slot] = InstanceProcess.start(instance, directory, "instance-" + slot + "-" + launches++);
    }

    /**
     * Kills one instance and replaces it: a ready one, picked at random, when any is, so that kills strike instances
     * in the middle of processing and not only ones still starting from the last kill (kills that come within an
     * instance's start of each other struck only starting ones: all three of a short run); any one when none is.
     */
    void killOne(SplittableRandom random, double atSeconds) throws InterruptedException {
        List<Integer> ready = readySlots();
        if (ready.isEmpty()) {
            killAndReplace(random.nextInt(slots.length), false, atSeconds);
        } else {
            killAndReplace(ready.get(random.nextInt(ready.size())), true, atSeconds);
        }
    }

    /** Whether any instance is ready. */
    boolean anyReady() throws InterruptedException {
        return !readySlots().isEmpty();
    }

    private List<Integer> readySlots() throws InterruptedException {
        List<Integer> ready = new ArrayList<>();
        for (int slot = 0; slot < slots.length; slot++) {
            if (slots[slot].alive() && slots[slot].ready()) {
                ready.add(slot);
            }
        }
        return ready;
    }

    private void killAndReplace(int slot, boolean ready, double atSeconds) throws InterruptedException {
        InstanceProcess instance = slots[slot];
        if (!instance.alive()) {
            // it exited by itself since the last check: a crash, restarted as crashes are (and limited), not a kill
            restartExited(atSeconds);
            return;
        }
        instance.kill();
        kills++;
        if (ready) {
            killsOfReady++;
        }
        restarts++;
        boolean fresh = restarts % plan.freshStateEvery() == 0;
        if (fresh) {
            freshStateRestarts++;
            stateDirs[slot] = directory.resolve("state-" + slot + "-" + launches);
        }
        launch(slot);
        out.printf("soak: kill %d of %d at %.1f s: instance %d (%s) killed with SIGKILL and replaced%s%n", kills,
                plan.kills(), atSeconds, slot, ready ? "ready" : "starting or not ready",
                fresh ? " on an empty state directory" : "");
    }

    /**
     * Restarts, in its slot and on its state directory, each instance that exited by itself, counting it as a crash
     * or as fenced after a broker restart; fails once there have been {@link #CRASHES_PER_SLOT} such exits per slot.
     */
    void restartExited(double atSeconds) throws InterruptedException {
        for (int slot = 0; slot < slots.length && !stopped; slot++) {
            if (!slots[slot].alive()) {
                reportExit(slot, slots[slot]);
                if (crashed + fencedAfterBrokerRestart >= CRASHES_PER_SLOT * slots.length) {
                    throw new IllegalStateException(crashed + fencedAfterBrokerRestart
                            + " times an instance exited by itself (the ends of"
                            + " their logs above): the instances would not finish the events");
                }
                launch(slot);
                out.printf("soak: instance %d restarted at %.1f s%n", slot, atSeconds);
            }
        }
    }

    /** Counts and reports each instance that has exited by itself, without restarting it. */
    void checkAlive() throws InterruptedException {
        for (int slot = 0; slot < slots.length && !stopped; slot++) {
            if (!slots[slot].alive()) {
                reportExit(slot, slots[slot]);
            }
        }
    }

    /**
     * Counts an instance that exited by itself, as fenced after a broker restart or else as a crash, and prints the
     * end of its log, which says why.
     */
    private void reportExit(int slot, InstanceProcess instance) throws InterruptedException {
        List<String> tail = instance.logTail(CRASH_LOG_LINES);
        if (fencing.fencedAfterBrokerRestart(instance.exitValue(), tail, instance.exitedNanos())) {
            fencedAfterBrokerRestart++;
            out.printf("soak: instance %d had exited with status %d, its group.instance.id fenced by the group"
                    + " coordinator just after a broker restart (Kafka's classic coordinator lost a hand-over of the"
                    + " id; a restart takes it back): counted in fenced_after_broker_restart, not as a crash; the end"
                    + " of %s:%n", slot, instance.exitValue(), instance.log());
        } else {
            crashed++;
            out.printf("soak: instance %d had exited by itself with status %d; the end of %s:%n", slot,
                    instance.exitValue(), instance.log());
        }
        tail.forEach(line -> out.println("  | " + line));
    }

    /**
     * Stops every instance that runs: SIGTERM to all at once, then each awaited, so that their closes overlap rather
     * than follow one another.
     */
    synchronized void stopAll() throws InterruptedException {
        stopped = true;
        List<InstanceProcess> running = new ArrayList<>();
        for (InstanceProcess instance : slots) {
            if (instance != null && instance.alive()) {
                instance.requestStop();
                running.add(instance);
            }
        }
        for (InstanceProcess instance : running) {
            instance.awaitStop(60);
        }
    }

    int kills() {
        return kills;
    }

    /** Kills of an instance whose readiness probe had answered 200 just before. */
    int killsOfReady() {
        return killsOfReady;
    }

    int restarts() {
        return restarts;
    }

    int freshStateRestarts() {
        return freshStateRestarts;
    }

    int crashed() {
        return crashed;
    }

    /** Exits {@link BrokerRestartFencing} took for the coordinator's fencing after a broker restart. */
    int fencedAfterBrokerRestart() {
        return fencedAfterBrokerRestart;
    }
}
