package io.streamcast.app;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running check that a changelog was not deleted under the instance, passing on what each check finds. A check
 * that cannot tell (a timeout, a broker away) passes on nothing, so the last finding stands: passed on as nothing
 * found, it made the health reports and the gauge read sound again, though nothing was mended, until the next check.
 * That it cannot tell is said once until a check can again: the checks run on a fixed pace, and an outage of hours
 * would otherwise repeat it at each one. Not thread-safe: one timer runs it.
 */
final class ChangelogLossCheck {

    /** The refresh's, which runs it: what an operator reads of the running checks is said under one name. */
    private static final Logger LOG = LoggerFactory.getLogger(TopicLimitsRefresh.class);

    /** One check: why the changelog is found deleted, or empty while it is there. */
    interface Check {
        /** @throws ExecutionException when the broker cannot tell */
        Optional<String> lost() throws ExecutionException, InterruptedException;
    }

    private final String subject;
    private final Check check;
    private final Consumer<Optional<String>> finding;
    private boolean cannotTell;

    /**
     * @param subject what is checked, as the start-up's warning says it ({@code that topic T, which keeps the key
     *                states, was not deleted})
     * @param finding given what each check that can tell finds
     */
    ChangelogLossCheck(String subject, Check check, Consumer<Optional<String>> finding) {
        this.subject = subject;
        this.check = check;
        this.finding = finding;
    }

    /** Checks once. */
    void run() {
        Optional<String> lost;
        try {
            lost = check.lost();
        } catch (ExecutionException e) {
            if (!cannotTell) {
                LOG.warn("Cannot check {}: {}; what the last check found holds until a check can"
                        + " tell", subject, e.getCause().getMessage());
                cannotTell = true;
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (cannotTell) {
            LOG.info("Can check again {}", subject);
            cannotTell = false;
        }
        finding.accept(lost);
    }
}
