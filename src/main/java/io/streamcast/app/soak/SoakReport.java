package io.streamcast.app.soak;

import java.util.Locale;

/**
 * What a soak run found. An event is {@code lost} without a prediction and {@code duplicated} for every prediction
 * beyond its first; {@code unexpected} predictions match no event; {@code versionRegressions} count predictions of a
 * key whose model version is lower than the one before; {@code newestVersion} is the newest model version any
 * prediction names; {@code mismatches} count predictions that differ from an
 * uninterrupted run's (-1 when training was on, so nothing was compared); {@code crashed} counts instances that
 * exited by themselves, but for {@code fencedAfterBrokerRestart}, those the group coordinator fenced just after a
 * broker restart (a Kafka race a restart mends at once, see {@code BrokerRestartFencing}), which a clean run may
 * have; {@code killsOfReady} count the kills of an instance that was ready (processing), the others
 * struck one still starting (or not answering its readiness probe).
 */
public record SoakReport(int kills, int killsOfReady, int restarts, int freshStateRestarts, int brokerRestarts,
                         long eventsProduced, long events, long predictions, long lost, long duplicated,
                         long unexpected, long versionRegressions, long newestVersion, long mismatches,
                         long deadLetters, int crashed, int fencedAfterBrokerRestart, double seconds) {

    /**
     * True when nothing was lost, duplicated, unexpected, reordered in version, different, dead-lettered or crashed;
     * instances fenced after a broker restart, which are no crash, leave it clean.
     */
    public boolean clean() {
        return events == eventsProduced && lost == 0 && duplicated == 0 && unexpected == 0 && versionRegressions == 0
                && mismatches <= 0 && deadLetters == 0 && crashed == 0;
    }

    /**
     * What a clean result does not vouch for, or null: with training on and no model version published while soaking
     * (rounds that never finished between kills, on a loaded machine with the default training), no prediction named
     * a version, so that no key's version went back was never put to the test.
     */
    public String caveat() {
        return mismatches < 0 && newestVersion == 0 ? "No model version was published while soaking, so that no key's"
                + " model version goes back was not put to the test: train in smaller, more frequent rounds (fewer"
                + " epochs, a smaller model.hidden.size, a shorter training.interval.ms, a higher training.cpu.share)"
                : null;
    }

    /** One line with every figure. */
    public String line() {
        return String.format(Locale.ROOT, "soak kills=%d kills_of_ready=%d restarts=%d fresh_state_restarts=%d"
                        + " broker_restarts=%d events_produced=%d events=%d predictions=%d lost=%d duplicated=%d"
                        + " unexpected=%d version_regressions=%d newest_version=%d mismatches=%s dead_letters=%d"
                        + " crashed=%d fenced_after_broker_restart=%d seconds=%.0f result=%s",
                kills, killsOfReady, restarts, freshStateRestarts, brokerRestarts, eventsProduced, events,
                predictions, lost, duplicated, unexpected, versionRegressions, newestVersion,
                mismatches < 0 ? "not-compared" : Long.toString(mismatches),
                deadLetters, crashed, fencedAfterBrokerRestart, seconds, clean() ? "clean" : "FAILED");
    }
}
