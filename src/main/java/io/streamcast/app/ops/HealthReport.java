package io.streamcast.app.ops;

import java.util.List;

/**
 * A health endpoint's answer.
 *
 * @param status   {@value #UP} or {@value #DOWN}
 * @param streams  the Kafka Streams client's state
 * @param starting whether the instance has not yet run since its start: its models are restored (a wait for the schema
 *                 registry holds that), or its stream threads join the group and restore their state; nothing is
 *                 predicted yet, and until the models are read, the model in use is not known
 * @param forecast {@code model} when a model version is in use, otherwise the fallback's name
 * @param model    the model version in use, or null while the fallback is
 * @param error    the error that stopped the streams, or null
 * @param modelsRegistryWait the models' global thread's wait for the schema registry, or null when it does not wait:
 *                 meanwhile no model update or training report is read, while predictions go on (and the instance
 *                 stays ready)
 * @param waitingThreads the stream threads that have not run since they started while the streams read RUNNING, each
 *                 as its name and reported state (a thread that replaces a failed one waits to join the group, up to a
 *                 session, reported as CREATED): the instance is not ready meanwhile; empty otherwise
 * @param keyStatesLost why the instance commits nothing, once it has run, while its key states' changelog is found
 *                 deleted: it is neither ready nor live then, as only a restart mends it; null otherwise
 * @param trainerStoresLost the same for changelogs of the trainer's stores, while this instance runs the trainer's
 *                 task (whose stream thread then commits nothing); null otherwise
 */
public record HealthReport(String status, String streams, boolean starting, String forecast, ModelInUse model,
                           String error, RegistryWait modelsRegistryWait, List<String> waitingThreads,
                           String keyStatesLost, String trainerStoresLost) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    public boolean up() {
        return UP.equals(status);
    }

    public record ModelInUse(String name, long version) {
    }

    /**
     * @param since      when the wait began, ISO-8601 in UTC
     * @param reading    the record it reads again, e.g. "the model record under key default@3"
     * @param givesUpAt  when the instance stops unless the registry answers first ({@code model.registry.wait.ms}
     *                   after {@code since}), ISO-8601 in UTC
     */
    public record RegistryWait(String since, String reading, String givesUpAt) {
    }
}
