package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a SIGTERM does at each point of {@code run}'s start, the hook's request and the main thread's steps in turn. */
class StopOnRequestTest {

    private final List<String> done = new ArrayList<>();

    @Test
    void shouldRunTheFirstStepWhenTheRequestComesBeforeTheNextStepIsSet() {
        // Given run's hook, registered, while the main thread makes its first step ready (creates the admin client)
        StopOnRequest stop = new StopOnRequest(() -> done.add("said it stopped before it started"));

        // When the request comes meanwhile, and then the main thread would set the step
        stop.request();
        boolean begins = stop.next(() -> done.add("closed the admin client"));

        // Then the request said so, and the step does not begin
        assertThat(done).containsExactly("said it stopped before it started");
        assertThat(begins).as("the step begins").isFalse();
    }

    @Test
    void shouldRunTheStepUnderWayWhenTheRequestComesDuringIt() {
        StopOnRequest stop = new StopOnRequest(() -> done.add("said it stopped before it started"));
        assertThat(stop.next(() -> done.add("closed the admin client"))).as("the step begins").isTrue();

        stop.request();

        assertThat(done).containsExactly("closed the admin client");
        assertThat(stop.next(StopOnRequest.NOTHING)).as("a later step begins").isFalse();
    }

    @Test
    void shouldDoNothingOnAnExitAfterTheStepsHaveEnded() {
        // Given a start that failed and ended its steps, as run does before it reports the failure
        StopOnRequest stop = new StopOnRequest(() -> done.add("said it stopped before it started"));
        assertThat(stop.next(StopOnRequest.NOTHING)).isTrue();

        // When the exit runs the hook
        stop.request();

        // Then the hook says nothing: the exit was no stop on request
        assertThat(done).isEmpty();
    }
}
