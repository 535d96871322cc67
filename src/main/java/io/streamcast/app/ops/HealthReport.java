package io.streamcast.app.ops;

/**
 * A health endpoint's answer.
 *
 * @param status   {@value #UP} or {@value #DOWN}
 * @param streams  the Kafka Streams client's state
 * @param forecast {@code model} when a model version is in use, otherwise the fallback's name
 * @param model    the model version in use, or null while the fallback is
 * @param error    the error that stopped the streams, or null
 */
public record HealthReport(String status, String streams, String forecast, ModelInUse model, String error) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    public boolean up() {
        return UP.equals(status);
    }

    public record ModelInUse(String name, long version) {
    }
}
